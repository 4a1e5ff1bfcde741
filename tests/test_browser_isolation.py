"""Two browser contexts = two students: one's training runs and uploads are invisible to the other."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def test_two_students_do_not_see_each_other(app_server, browser, artifacts_dir, tmp_path):
    a_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    b_ctx = browser.new_context(viewport={"width": 390, "height": 844})  # a phone-sized second student
    try:
        a, b = a_ctx.new_page(), b_ctx.new_page()
        for p in (a, b):
            p.set_default_timeout(90_000)
        # student A starts a training run and uploads a picture
        a.goto(f"{app_server}/train_lab")
        wait_for_app_idle(a)
        a.get_by_role("button", name="Start training").click()
        a.get_by_text("State:").first.wait_for()
        img = tmp_path / "a-secret.png"
        Image.fromarray((np.random.default_rng(1).random((64, 64, 3)) * 255).astype(np.uint8)).save(img)
        a2 = a_ctx.new_page()
        a2.set_default_timeout(90_000)
        a2.goto(f"{app_server}/classify")
        wait_for_app_idle(a2)
        a2.locator("[data-testid='stRadio']").filter(has_text="Upload").get_by_text(
            "Upload", exact=True
        ).click()
        wait_for_app_idle(a2)
        a2.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(img))
        a2.get_by_text("a-secret.png").wait_for()
        # student B sees neither
        b.goto(f"{app_server}/train_lab")
        wait_for_app_idle(b)
        b.wait_for_timeout(1500)
        assert b.get_by_text("State:").count() == 0
        b.screenshot(path=str(artifacts_dir / "isolation-student-b-lab.png"), full_page=True)
        b.goto(f"{app_server}/classify")
        wait_for_app_idle(b)
        b.locator("[data-testid='stRadio']").filter(has_text="Upload").get_by_text(
            "Upload", exact=True
        ).click()
        wait_for_app_idle(b)
        assert b.get_by_text("a-secret.png").count() == 0
        # and A still has its run after leaving the page and coming back through the navigation (same session;
        # a browser reload is a new Streamlit session, like a new student)
        nav = a.locator("[data-testid='stSidebar']")
        nav.get_by_role("link", name="Lecture map").click()
        wait_for_app_idle(a)
        nav.get_by_role("link", name="Training lab").click()
        wait_for_app_idle(a)
        a.get_by_text("State:").first.wait_for()
        a.screenshot(path=str(artifacts_dir / "isolation-student-a-lab.png"), full_page=True)
        stop = a.get_by_role("button", name="Stop")
        if stop.count():
            stop.first.click()
    finally:
        a_ctx.close()
        b_ctx.close()
