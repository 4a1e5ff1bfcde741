"""Exception types shared by the whole package (pages turn them into plain-language advice)."""


class ModelsError(Exception):
    """Base class for every error the package raises on purpose (the CLI maps it to exit code 2)."""


class UnknownModelError(ModelsError, KeyError):
    """A model name that the registry does not know."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown model"


class WeightsError(ModelsError):
    """Weights could not be provided."""


class WeightsMissingError(WeightsError):
    """The weights file is not on this machine (and nothing was downloaded)."""


class WeightsCorruptError(WeightsError):
    """The weights file exists but fails verification (hash mismatch, unreadable, wrong architecture)."""


class InputError(ModelsError, ValueError):
    """User input (an image, a text, a CSV, a CoNLL-U file) that cannot be used; the message says why."""


class TrainingDivergedError(ModelsError, FloatingPointError):
    """The loss became NaN or infinite (learning rate too high, or data with absurd magnitudes)."""
