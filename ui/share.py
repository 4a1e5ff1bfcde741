"""The Share panel: the link to this page's current state, a copy button, and a QR code for the back of the room.

The link uses ``CLASSROOM_PUBLIC_URL`` when set (behind a proxy, or to hand out a LAN address), else the address
the browser used (``st.context.url``). When that address is localhost the panel says students cannot reach it and
shows how to serve on the network and this machine's LAN addresses.
"""

from __future__ import annotations

import io
import ipaddress
import os
import socket
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from ui.i18n import translator

ENV_PUBLIC_URL = "CLASSROOM_PUBLIC_URL"
QR_WIDTH_PX = 420  # on a 1280x720 projector this is over half the height: scannable from ~10 m

TEXT = {
    "en": {
        "share": "Share",
        "share_title": "Share this page",
        "share_help": "A link and QR code that open this page in the same state on another device.",
        "link": "Link (the copy button is at its right)",
        "scan": "Scan to open the same page",
        "local_warning": "This link uses **{host}**, which only this computer can open: students' devices cannot "
        "reach it.",
        "local_how": "Start the server on the network instead, then open the app with this machine's address:",
        "lan_addresses": "This machine's network addresses: {addrs}",
        "no_lan": "No network address found on this machine (is it connected?).",
        "env_hint": "Or set {env} to the address students should use.",
        "upload_note": "Uploaded files and drawings are not part of the link.",
    },
    "ko": {
        "share": "공유",
        "share_title": "이 페이지 공유",
        "share_help": "다른 기기에서 이 페이지를 같은 상태로 여는 링크와 QR 코드.",
        "link": "링크 (오른쪽의 복사 버튼으로 복사)",
        "scan": "스캔하면 같은 페이지가 열립니다",
        "local_warning": "이 링크의 주소 **{host}** 는 이 컴퓨터에서만 열 수 있어 학생 기기에서는 접속할 수 "
        "없습니다.",
        "local_how": "서버를 네트워크에 열어 시작한 뒤, 이 컴퓨터의 주소로 앱을 여세요:",
        "lan_addresses": "이 컴퓨터의 네트워크 주소: {addrs}",
        "no_lan": "이 컴퓨터에서 네트워크 주소를 찾지 못했습니다 (네트워크에 연결되어 있나요?).",
        "env_hint": "또는 학생이 쓸 주소를 {env} 환경 변수로 지정하세요.",
        "upload_note": "올린 파일과 그림은 링크에 들어가지 않습니다.",
    },
}


def is_local_host(host: str | None) -> bool:
    """True for addresses only this machine can open (localhost, 127.x, ::1, 0.0.0.0)."""
    if not host:
        return True
    host = host.strip("[]").lower()
    if host in ("localhost", "0.0.0.0") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def share_link(
    base_url: str | None, url_path: str, params: dict[str, str], *, public_url: str | None = None
) -> str:
    """The link to ``url_path`` with ``params``. ``public_url`` (CLASSROOM_PUBLIC_URL) replaces scheme, host and
    base path; otherwise ``base_url`` (the browser's address, page path included or not) is used."""
    query = urlencode(sorted(params.items()))
    if public_url:
        root = public_url.rstrip("/")
        page = f"/{url_path}" if url_path else ""
        return f"{root}{page}" + (f"?{query}" if query else "")
    parts = urlsplit(base_url or "http://localhost:8501/")
    path = parts.path.rstrip("/")
    if url_path and not path.endswith("/" + url_path):
        path = f"{path}/{url_path}"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", query, ""))


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine other than loopback (standard library only; no packet is sent)."""
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    try:  # the address of the default route: a UDP "connect" only picks a route, it sends nothing
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1, never routed anywhere
            found.add(s.getsockname()[0])
    except OSError:
        pass
    return sorted(a for a in found if not ipaddress.ip_address(a).is_loopback and a != "0.0.0.0")


def qr_png(link: str) -> bytes:
    """A PNG QR code of ``link`` (error correction M, quiet zone 4 modules)."""
    buf = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buf, kind="png", scale=10, border=4)
    return buf.getvalue()


def current_link(url_path: str) -> str:
    """The share link of the state in this session's URL."""
    params = dict(st.query_params.to_dict().items())
    return share_link(st.context.url, url_path, params, public_url=os.environ.get(ENV_PUBLIC_URL) or None)


def share_panel(url_path: str) -> None:
    """The panel's content: link with copy button, QR code, and the localhost advice when needed."""
    tr = translator(TEXT)
    link = current_link(url_path)
    st.caption(tr("link"))
    st.code(link, language=None, wrap_lines=True)
    host = urlsplit(link).hostname
    if is_local_host(host):
        st.warning(tr("local_warning", host=host or "localhost"))
        st.markdown(tr("local_how"))
        st.code(
            'make run ARGS="--server.address 0.0.0.0"\n'
            "# or: .venv/bin/python -m streamlit run app.py --server.address 0.0.0.0",
            language="bash",
        )
        addrs = lan_addresses()
        port = urlsplit(link).port or 8501
        st.markdown(
            tr("lan_addresses", addrs=", ".join(f"`http://{a}:{port}`" for a in addrs))
            if addrs
            else tr("no_lan")
        )
        st.caption(tr("env_hint", env=f"`{ENV_PUBLIC_URL}`"))
    st.image(qr_png(link), width=QR_WIDTH_PX, caption=tr("scan"))
    st.caption(tr("upload_note"))


def share_button(url_path: str, container=st) -> None:
    """The Share button; opens the panel in a large dialog (rendered only when opened)."""
    tr = translator(TEXT)

    @st.dialog(tr("share_title"), width="large")
    def _dialog():
        share_panel(url_path)

    if container.button(tr("share"), key="_share_open", help=tr("share_help"), icon=":material/qr_code_2:"):
        _dialog()
