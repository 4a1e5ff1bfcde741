"""A small Streamlit client that speaks the app's own websocket protocol (protobuf over
``ws://HOST/_stcore/stream``), so that dozens of simulated students fit on one laptop without browsers.

Loopback only: the constructor refuses any host that is not 127.0.0.0/8, ::1 or localhost.

    c = StreamlitClient("http://127.0.0.1:8501")
    run = c.rerun(page="classify")              # first run of a page: returns the elements it drew
    up = run.widget("file_uploader")            # a widget by type (and optional label)
    c.upload(up, "cat.png", png_bytes)
    run = c.rerun(page="classify")              # rerun with the upload in the widget state
    run = c.click(run.widget("button", "Classify"), page="classify")
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

import websocket  # websocket-client
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

WIDGET_TYPES = (
    "button",
    "file_uploader",
    "selectbox",
    "radio",
    "slider",
    "text_input",
    "text_area",
    "checkbox",
    "number_input",
    "multiselect",
    "segmented_control",
    "toggle",
    "pills",
    "camera_input",
)


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    ip = ipaddress.ip_address(host.strip("[]"))
    if not ip.is_loopback:
        raise ValueError(f"refusing to load-test {host}: loopback addresses only")


@dataclass
class Widget:
    kind: str  # element type, e.g. "button"
    id: str  # widget id used in WidgetStates
    label: str
    proto: object = field(repr=False, default=None)


@dataclass
class RunResult:
    seconds: float  # from sending the rerun to script_finished
    elements: list = field(default_factory=list)  # (kind, element proto) in arrival order
    exceptions: list[str] = field(default_factory=list)  # st.exception / uncaught tracebacks on the page
    errors: list[str] = field(default_factory=list)  # st.error bodies
    finished: str = ""  # script_finished status name

    def widgets(self, kind: str | None = None) -> list[Widget]:
        out = []
        for k, el in self.elements:
            if k in WIDGET_TYPES and (kind is None or k == kind):
                w = getattr(el, k)
                out.append(Widget(k, w.id, getattr(w, "label", ""), w))
        return out

    def widget(self, kind: str, label: str | None = None) -> Widget:
        for w in self.widgets(kind):
            if label is None or w.label == label or label in w.label:
                return w
        raise LookupError(
            f"no {kind} widget labelled {label!r}; have {[x.label for x in self.widgets(kind)]}"
        )

    def count(self, kind: str) -> int:
        return sum(1 for k, _ in self.elements if k == kind)


class StreamlitClient:
    def __init__(self, base_url: str, timeout: float = 120.0):
        u = urllib.parse.urlparse(base_url)
        _check_loopback(u.hostname or "")
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        ws_url = f"ws://{u.hostname}:{u.port}/_stcore/stream"
        # behind nginx (scripts/serve.py) this cookie keeps every request of this client on one replica, as the
        # browser's does; a single server ignores it
        self.route = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            ws_url,
            subprotocols=["streamlit"],
            timeout=timeout,
            origin=self.base,
            cookie=f"classroom_route={self.route}",
        )
        self.session_id: str | None = None
        self.xsrf = self._xsrf_cookie()
        self.widget_states: dict[str, object] = {}  # id -> WidgetState proto (persistent values)
        self.page_hashes: dict[str, str] = {}  # url_path -> page_script_hash
        self.auto_reruns: dict[str, float] = {}  # fragment id -> seconds, as the browser would poll them
        # the URL's query as the server last set it (st.query_params), sent back like a browser's address bar:
        # without it a page that keeps its widgets in the URL resets them each rerun
        self.query_string = ""
        self._lock = threading.Lock()

    def _xsrf_cookie(self) -> str | None:
        """The ``_streamlit_xsrf`` cookie the page sets; uploads must echo it in ``X-Xsrftoken``."""
        req = urllib.request.Request(
            self.base + "/_stcore/health", headers={"Cookie": f"classroom_route={self.route}"}
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            for header in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == "_streamlit_xsrf":
                    return rest.split(";")[0]
        return None

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass

    # -- protocol ---------------------------------------------------------------------------------
    def _send(self, msg: BackMsg) -> None:
        self.ws.send_binary(msg.SerializeToString())

    def _recv(self) -> ForwardMsg:
        data = self.ws.recv()
        fm = ForwardMsg()
        fm.ParseFromString(data if isinstance(data, bytes) else data.encode())
        if fm.HasField("new_session"):
            self.session_id = fm.new_session.initialize.session_id or self.session_id
            if not fm.metadata.run.fragment_ids:  # a full run: like the browser, forget every timer;
                self.auto_reruns.clear()  # the run re-sends auto_rerun for the fragments it still draws
        if fm.HasField("auto_rerun"):  # st.fragment(run_every=...): the browser reruns it on a timer
            self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
        if fm.HasField("stop_auto_rerun"):
            for fid in fm.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        if fm.HasField("page_info_changed"):
            self.query_string = fm.page_info_changed.query_string
        if fm.HasField("navigation"):
            for p in fm.navigation.app_pages:
                self.page_hashes[p.url_pathname] = p.page_script_hash
        return fm

    def _run(
        self, page: str = "", states: list | None = None, query: str | None = None, fragment_id: str = ""
    ) -> RunResult | None:
        """``query``: the URL's query string (None: the one the address bar shows now)."""
        if page and page not in self.page_hashes:  # learn the app's pages from a first run of the home page
            self._run("", query="")
        bm = BackMsg()
        cs = bm.rerun_script
        cs.query_string = self.query_string if query is None else query
        cs.page_name = page
        if page and page in self.page_hashes:
            cs.page_script_hash = self.page_hashes[page]
        for st in list(self.widget_states.values()) + list(states or []):
            cs.widget_states.widgets.add().CopyFrom(st)
        if fragment_id:
            cs.fragment_id = fragment_id
            cs.is_auto_rerun = True
        t0 = time.perf_counter()
        self._send(bm)
        res = RunResult(seconds=0.0)
        started = False
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            fm = self._recv()
            kind = fm.WhichOneof("type")
            if fragment_id and not started and fragment_id not in self.auto_reruns:
                return None  # the fragment was removed (its run ended): the server ignores the poll
            if kind == "new_session":
                started = True
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                ek = el.WhichOneof("type")
                res.elements.append((ek, el))
                if ek == "exception":
                    res.exceptions.append(f"{el.exception.type}: {el.exception.message}")
                elif ek == "alert" and el.alert.format == 1:  # ERROR
                    res.errors.append(el.alert.body)
            elif kind == "script_finished" and started:
                status = fm.script_finished
                res.finished = ForwardMsg.ScriptFinishedStatus.Name(status)
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                    break
                if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY and fragment_id:
                    break
                # FINISHED_EARLY_FOR_RERUN: a rerun follows; a fragment finish while we wait for a full run
                # belongs to an earlier poll: keep waiting
            elif kind == "page_not_found":
                raise LookupError(f"page {page!r} not found")
        else:
            raise TimeoutError(f"no script_finished within {self.timeout}s")
        res.seconds = time.perf_counter() - t0
        return res

    def rerun(self, page: str = "", query: str | None = None) -> RunResult:
        """A plain rerun of ``page`` with the current widget values (and the URL's current query, or ``query``)."""
        return self._run(page, query=query)

    def poll_fragment(self, fragment_id: str, page: str = "") -> RunResult | None:
        """Rerun one fragment the server asked to auto-rerun (what an open browser tab does on its timer, every
        ``auto_reruns[fragment_id]`` seconds). A fragment that reruns the whole app finishes with that run.
        None when the server has meanwhile stopped the fragment (it ignores polls of removed fragments)."""
        return self._run(page, fragment_id=fragment_id)

    def set_value(self, w: Widget, value) -> None:
        """Remember a value widget's new value (sent with every later rerun). Radios and selectboxes take the
        option's text (Streamlit 1.67 serialises them as strings)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        st = WidgetState(id=w.id)
        if isinstance(value, bool):
            st.bool_value = value
        elif isinstance(value, int):
            st.int_value = value
        elif isinstance(value, float):
            st.double_value = value
        elif isinstance(value, str):
            st.string_value = value
        elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            st.string_array_value.data.extend(value)
        else:
            raise TypeError(f"unsupported widget value {value!r}")
        self.widget_states[w.id] = st

    def click(self, w: Widget, page: str = "") -> RunResult:
        """Press a button: a trigger that is sent once."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        return self._run(page, states=[WidgetState(id=w.id, trigger_value=True)])

    def upload(self, w: Widget, name: str, data: bytes, mime: str = "application/octet-stream") -> None:
        """Upload a file the way the browser does (file URL request, HTTP PUT), then set the widget state."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        bm = BackMsg()
        rid = uuid.uuid4().hex
        bm.file_urls_request.request_id = rid
        bm.file_urls_request.file_names.append(name)
        bm.file_urls_request.session_id = self.session_id or ""
        self._send(bm)
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            fm = self._recv()
            if fm.WhichOneof("type") == "file_urls_response" and fm.file_urls_response.response_id == rid:
                if fm.file_urls_response.error_msg:
                    raise RuntimeError(fm.file_urls_response.error_msg)
                urls = fm.file_urls_response.file_urls[0]
                break
        else:
            raise TimeoutError("no file URL response")
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {mime}\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = urls.upload_url if urls.upload_url.startswith("http") else self.base + urls.upload_url
        req = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        cookie = f"classroom_route={self.route}"
        if self.xsrf:
            cookie += f"; _streamlit_xsrf={self.xsrf}"
            req.add_header("X-Xsrftoken", self.xsrf)
        req.add_header("Cookie", cookie)
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            r.read()
        st = WidgetState(id=w.id)
        info = st.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        self.widget_states[w.id] = st


def health(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


if __name__ == "__main__":  # smoke: python bench/stclient.py http://127.0.0.1:8501
    import sys

    c = StreamlitClient(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501")
    r = c.rerun()
    print(
        json.dumps(
            {
                "seconds": round(r.seconds, 3),
                "finished": r.finished,
                "elements": len(r.elements),
                "widgets": [(w.kind, w.label) for w in r.widgets()],
                "pages": c.page_hashes,
            },
            indent=1,
        )
    )
