"""Routes of the workspace: each parses the request, checks the role, calls the library, renders a page."""

from __future__ import annotations

import logging
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.middleware.sessions import SessionMiddleware

from pindai import accounts, domain, index, metadata, nightly, redact, registers, review, watch_folders
from pindai.accounts import WebUser
from pindai.catalog import Catalog
from pindai.config import Settings
from pindai.errors import PindaiError
from pindai.registers import consequence
from pindai.web import labels, previews

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
#: A session ends after this long without a request, and in any case after SESSION_MAX.
SESSION_IDLE = 2 * 3600
SESSION_MAX = 12 * 3600
PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 10
_SECURITY_HEADERS = {
    # No inline script or style anywhere: a script that slipped into a page would not run.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class LoginRequired(Exception):  # noqa: N818 - control flow, not an error
    """No valid session: go to the login page."""


class Forbidden(Exception):  # noqa: N818
    """The role may not open this (403)."""


class NotFound(Exception):  # noqa: N818
    """Nothing here for this user (404): also what a hidden document looks like."""


class CsrfError(Exception):
    """A form came without the session's token."""


@dataclass(frozen=True)
class _WebState:
    settings: Settings
    session_idle: int
    session_max: int


class Role:
    """The one dependency every route uses: a live session of an enabled account with one of
    ``roles``, and on a POST the session's CSRF token."""

    def __init__(self, *roles: str) -> None:
        self.roles = roles

    async def __call__(self, request: Request) -> WebUser:
        state: _WebState = request.app.state.web
        sess = request.session
        now = time.time()
        name = sess.get("user")
        if (not name or now - sess.get("seen", 0) > state.session_idle
                or now - sess.get("login", 0) > state.session_max):
            sess.clear()
            raise LoginRequired
        with Catalog(state.settings.home.catalog) as cat:
            user = accounts.active_user(cat, name)
        if user is None:  # disabled since login
            sess.clear()
            raise LoginRequired
        if request.method == "POST":
            await check_csrf(request)
        sess["seen"] = now
        request.state.user = user
        if user.role not in self.roles:
            raise Forbidden
        return user


Officer = Annotated[WebUser, Depends(Role("officer"))]
Anyone = Annotated[WebUser, Depends(Role(*accounts.ROLES))]
Admin = Annotated[WebUser, Depends(Role("admin"))]


def csrf_token(request: Request) -> str:
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


async def check_csrf(request: Request) -> None:
    expected = request.session.get("csrf")
    form = await request.form()
    given = form.get("csrf") or request.headers.get("x-csrf-token") or ""
    if not expected or not isinstance(given, str) or not secrets.compare_digest(given, expected):
        raise CsrfError


def create_app(settings: Settings, *, secure_cookies: bool = False, session_idle: int = SESSION_IDLE,
               session_max: int = SESSION_MAX) -> FastAPI:
    """The workspace for the home of ``settings``.

    Args:
        secure_cookies: send the session cookie over HTTPS only (behind the TLS proxy).
        session_idle: seconds without a request after which a session ends.
        session_max: seconds after login after which a session ends.
    """
    home = settings.home
    app = FastAPI(title="pindai", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = _WebState(settings, session_idle, session_max)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # The templates come with the installed package: not looked at again on every page (a stat of
    # each template file per request was 6 % of a search's time).
    templates.env.auto_reload = False
    templates.env.globals.update(labels=labels, roles=accounts.ROLE_LABELS)
    templates.env.filters["marked"] = marked

    @contextmanager
    def catalog() -> Iterator[Catalog]:
        with Catalog(home.catalog) as cat:
            yield cat

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        return templates.TemplateResponse(request, name, {"user": user, "csrf": csrf_token(request), **ctx},
                                          status_code=status)

    def address(request: Request) -> str:
        return request.client.host if request.client else "-"

    # ------------------------------------------------------------------ errors, headers

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/masuk"})
        return RedirectResponse("/masuk", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return page(request, "error.html", 403, title="Tidak diizinkan",
                    message="Peran Anda tidak dapat membuka halaman ini. (forbidden)")

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return page(request, "error.html", 404, title="Tidak ditemukan",
                    message="Halaman atau dokumen ini tidak ada, atau bukan untuk peran Anda. (not found)")

    @app.exception_handler(404)
    async def _http_404(request: Request, exc: Exception) -> Response:
        return page(request, "error.html", 404, title="Tidak ditemukan",
                    message="Halaman ini tidak ada. (not found)")

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> Response:
        # Not FastAPI's JSON, which repeats the values sent.
        return page(request, "error.html", 400, title="Permintaan tidak sah",
                    message="Alamat atau isian formulir tidak sah. Kembali lalu coba lagi. (bad request)")

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: CsrfError) -> Response:
        log.warning("web: form without a valid CSRF token refused (%s %s)", request.method, _route(request))
        return page(request, "error.html", 403, title="Formulir ditolak",
                    message="Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi. "
                            "(missing or wrong CSRF token)")

    @app.exception_handler(PindaiError)
    async def _pindai_error(request: Request, exc: PindaiError) -> Response:
        return page(request, "error.html", 400, title="Tidak dapat diproses", message=str(exc))

    @app.middleware("http")
    async def _headers_and_errors(request: Request, call_next: Any) -> Response:
        try:
            response = await call_next(request)
        except Exception as e:  # noqa: BLE001
            # Never the exception's text or a traceback: either may quote a document.
            log.error("web: %s on %s %s", type(e).__name__, request.method, _route(request))
            response = HTMLResponse(
                "<!doctype html><title>Kesalahan</title><p>Terjadi kesalahan tak terduga. "
                "Laporkan waktu kejadian ke admin TI. (internal error)</p>", status_code=500)
        for k, v in _SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if not request.url.path.startswith("/static/"):
            # Restricted pages, previews and files stay out of the browser's and proxies' caches.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response

    app.add_middleware(
        SessionMiddleware, secret_key=accounts.session_secret(home), session_cookie="pindai_sesi",
        max_age=session_max, same_site="strict", https_only=secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # ------------------------------------------------------------------ login

    @app.get("/masuk", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        return page(request, "login.html")

    @app.post("/masuk")
    async def login(request: Request, name: Annotated[str, Form()] = "",
                    password: Annotated[str, Form()] = "") -> Response:
        await check_csrf(request)
        try:
            with catalog() as cat:
                user = accounts.authenticate(cat, name.strip(), password, address=address(request))
        except accounts.LoginError as e:
            return page(request, "login.html", 401 if not isinstance(e, accounts.LoginLockedError) else 429,
                        error=str(e), account=name)
        request.session.clear()
        now = time.time()
        request.session.update(user=user.name, login=now, seen=now, csrf=secrets.token_urlsafe(32))
        log.info("web: %s logged in from %s", user.name, address(request))
        return RedirectResponse("/", status_code=303)

    @app.post("/keluar")
    def logout(request: Request, user: Anyone) -> Response:
        request.session.clear()
        return RedirectResponse("/masuk", status_code=303)

    @app.get("/")
    def start(user: Anyone) -> Response:
        return RedirectResponse({"officer": "/kotak-masuk", "operator": "/status", "admin": "/admin"}[user.role],
                                status_code=303)

    # ------------------------------------------------------------------ review inbox

    def _dates(f: dict[str, str]) -> str:
        """The filter's dates as ISO dates, as an office writes them; the error, if one is not a date."""
        for k, what in (("dari", "Diterima dari"), ("sampai", "Diterima sampai")):
            if f.get(k):
                try:
                    f[k] = metadata.parse_date(f[k], what=what).isoformat()
                except PindaiError as e:
                    f[k] = ""
                    return str(e)
        return ""

    @app.get("/kotak-masuk", response_class=HTMLResponse)
    def inbox(request: Request, user: Officer, tab: str = "menunggu", unit: str = "", profil: str = "",
              saran: str = "", yakin: str = "", dari: str = "", sampai: str = "", urut: str = "",
              hal: int = 1) -> Response:
        f = {"unit": unit, "profil": profil, "saran": saran, "yakin": yakin, "dari": dari, "sampai": sampai,
             "urut": "ragu" if urut == "ragu" else ""}
        date_error = _dates(f)
        tab = tab if tab in ("menunggu", "keputusan") else "menunggu"
        with catalog() as cat:
            box = review.inbox(cat, settings, tab=tab, scope_unit=user.unit or None, page=hal, size=PAGE_SIZE,
                               unsure_first=f["urut"] == "ragu",
                               filters=review.InboxFilter(unit=unit, profile=profil, suggestion=saran, band=yakin,
                                                          received_from=f["dari"], received_to=f["sampai"]))
            saved = accounts.saved_filters(cat, user, "kotak-masuk")
        ctx = dict(tab=tab, recs=box.records, total=box.total, hal=box.page, pages=box.pages, f=f,
                   units=box.units, profiles=box.profiles, counts=box.counts, unsure=box.unsure,
                   query=_query(f, tab), done=request.query_params.get("selesai", ""), saved=saved,
                   date_error=date_error)
        if request.headers.get("hx-request") and request.headers.get("hx-target") == "daftar":
            return page(request, "_inbox_table.html", **ctx)
        return page(request, "inbox.html", **ctx)

    @app.post("/kotak-masuk/saringan")
    async def save_filter(request: Request, user: Officer) -> Response:
        """Save the inbox's current filter under a name, for this user only."""
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in accounts.FILTER_PAGES["kotak-masuk"]}
        _dates(values)
        with catalog() as cat:
            accounts.save_filter(cat, user, "kotak-masuk", str(form.get("nama", "")), values)
        return RedirectResponse("/kotak-masuk?" + _query({k: v for k, v in values.items() if k != "tab"},
                                                         values.get("tab") or "menunggu"), status_code=303)

    @app.post("/kotak-masuk/saringan/hapus")
    def delete_filter(user: Officer, saringan: Annotated[int, Form()]) -> Response:
        with catalog() as cat:
            accounts.delete_filter(cat, user, saringan)
        return RedirectResponse("/kotak-masuk", status_code=303)

    @app.post("/kotak-masuk/putuskan")
    async def bulk_decide(request: Request, user: Officer) -> Response:
        form = await request.form()
        ids = [int(x) for x in form.getlist("ids") if str(x).isdigit()]
        choice = str(form.get("keputusan", ""))
        back = str(form.get("kembali", "")) or "/kotak-masuk"
        if not back.startswith("/kotak-masuk"):
            back = "/kotak-masuk"
        if not ids:
            raise review.ReviewError("Pilih dokumen dulu (select documents first)")
        dec = _bulk_decision(choice)
        actor = user.actor(address(request))
        with catalog() as cat:
            for doc_id in ids:
                try:
                    if not user.sees_unit(review.record(cat, settings, doc_id).unit):
                        raise NotFound
                except review.DocumentNotFoundError:
                    raise NotFound from None
            try:
                if dec is None:
                    review.accept_many(settings, cat, ids, actor=actor, reason=_BULK_REASON)
                else:
                    review.decide_many(settings, cat, ids, dec, actor=actor)
            finally:
                for doc_id in ids:
                    previews.forget(home, doc_id)
        done = len(ids)
        sep = "&" if "?" in back else "?"
        return RedirectResponse(f"{back}{sep}selesai={done}", status_code=303)

    @app.post("/kotak-masuk/terima/{doc_id}")
    def accept_one(request: Request, doc_id: int, user: Officer) -> Response:
        """Accept one suggestion from the inbox; htmx swaps the row for the outcome."""
        with catalog() as cat:
            _visible_record(cat, user, doc_id)
            try:
                after = review.accept(settings, cat, doc_id, actor=user.actor(address(request)))
            finally:
                previews.forget(home, doc_id)
        if request.headers.get("hx-request"):
            return page(request, "_inbox_done_row.html", r=after)
        return RedirectResponse("/kotak-masuk?selesai=1", status_code=303)

    # ------------------------------------------------------------------ one document

    def _visible_record(cat: Catalog, user: WebUser, doc_id: int) -> review.Record:
        try:
            rec = review.record(cat, settings, doc_id)
        except review.DocumentNotFoundError:
            raise NotFound from None
        if not user.sees_unit(rec.unit):
            raise NotFound
        # Only officers see what is held or exempt; to anyone else it does not exist.
        if not user.is_officer and (rec.side != "public" or rec.held):
            raise NotFound
        return rec

    def _doc_page(request: Request, user: WebUser, doc_id: int, *, status: int = 200, **extra: Any) -> Response:
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
            texts = [r["text"] for r in cat.page_rows(doc_id)]
            trail = review.audit_trail(cat, doc_id) if user.is_officer else []
            sizes, marks = (redact.evidence_marks(settings, cat, doc_id, rec.evidence) if user.is_officer
                            else ([], []))
            unsure = review.unsure_fields(cat, doc_id)
        # The fields pindai is unsure of first, the least sure on top (#18); then the register's order.
        fields = sorted(META_LABELS, key=lambda f: unsure.index(f[0]) if f[0] in unsure else len(unsure))
        return page(request, "document.html", status, rec=rec, texts=texts, trail=trail, sizes=sizes, marks=marks,
                    meta_fields=fields, unsure=unsure, done=request.query_params.get("selesai", ""), **extra)

    @app.get("/dokumen/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: int, user: Anyone) -> Response:
        return _doc_page(request, user, doc_id)

    @app.get("/dokumen/{doc_id}/halaman/{number}.jpg")
    def page_image(doc_id: int, number: int, user: Anyone, w: str = "page") -> Response:
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
        if not 1 <= number <= rec.pages:
            raise NotFound
        jpeg = previews.page_image(home, doc_id=doc_id, side=rec.side, pdfa=home.root / rec.pdfa_path,
                                page=number, width=previews.THUMB if w == "thumb" else previews.PAGE)
        return FileResponse(jpeg, media_type="image/jpeg")

    @app.get("/dokumen/{doc_id}/pdfa")
    def download_pdfa(doc_id: int, user: Anyone) -> Response:
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
        return FileResponse(home.root / rec.pdfa_path, media_type="application/pdf",
                            filename=f"dokumen-{doc_id}.pdf")

    @app.get("/dokumen/{doc_id}/asli")
    def download_original(doc_id: int, user: Officer) -> Response:
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
            rel = cat.web_original_path(doc_id)
        if not rel:
            raise NotFound
        suffix = Path(rec.source_name).suffix
        return FileResponse(home.root / rel, media_type="application/octet-stream",
                            filename=f"asli-{doc_id}{suffix}")

    @app.post("/dokumen/{doc_id}/metadata")
    async def edit_metadata(request: Request, doc_id: int, user: Officer) -> Response:
        form = await request.form()
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
            meta = {k: str(form[k]).strip() for k in review.META_FIELDS
                    if k in form and str(form[k]).strip() != (getattr(rec, k) or "")}
            if not meta:
                return RedirectResponse(f"/dokumen/{doc_id}", status_code=303)
            try:
                review.decide(settings, cat, doc_id, review.Decision(meta=meta, reason=str(form.get("reason", ""))),
                              actor=user.actor(address(request)))
            except review.ReviewError as e:
                return _doc_page(request, user, doc_id, status=400, meta_error=str(e))
        return RedirectResponse(f"/dokumen/{doc_id}?selesai=metadata", status_code=303)

    @app.post("/dokumen/{doc_id}/keputusan")
    async def decide(request: Request, doc_id: int, user: Officer) -> Response:
        form = {k: str(v).strip() for k, v in (await request.form()).items() if k != "csrf"}
        actor = user.actor(address(request))
        confirm = form.get("konfirmasi_alasan", "") if form.get("konfirmasi") else ""
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
            try:
                if form.get("aksi") == "terima":
                    # A Keputusan typed in the form goes with the acceptance of a DIK suggestion.
                    ref = (form.get("decision_ref") or None) if rec.register == "DIK" else None
                    review.accept(settings, cat, doc_id, confirm_public=confirm or None, actor=actor,
                                  reason=form.get("reason", ""), decision_ref=ref)
                else:
                    register = form.get("register") or None
                    dik = register == "DIK"
                    dec = review.Decision(
                        confirm_public=confirm or None,
                        register=register,
                        dip_type=(form.get("dip_type") or None) if register == "DIP" else None,
                        ground=(form.get("ground") or None) if dik else None,
                        decision_ref=form.get("decision_ref") if dik else None,
                        period=(form.get("period") or None) if dik else None,
                        consequence=form.get("consequence") if dik else None,
                        public_interest=form.get("public_interest") if dik else None,
                        legal_basis=form.get("legal_basis") if dik else None,
                        reason=form.get("reason", ""),
                    )
                    review.decide(settings, cat, doc_id, dec, actor=actor)
            except review.ReviewError as e:
                return _doc_page(request, user, doc_id, status=400, decision_error=str(e), form=form)
            finally:
                previews.forget(home, doc_id)
        return RedirectResponse(f"/dokumen/{doc_id}?selesai=keputusan", status_code=303)

    # ------------------------------------------------------------------ redaction, consequence test (#17)

    def _redaction_page(request: Request, user: WebUser, doc_id: int, *, status: int = 200,
                        **extra: Any) -> Response:
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
            boxes = redact.ensure_proposed(settings, cat, doc_id)
            sizes = redact.page_sizes(settings, cat, doc_id)
            copies = redact.copies_of(cat, doc_id)
            own = redact.copy_status(cat, doc_id)
        return page(request, "redaction.html", status, rec=rec, boxes=boxes, sizes=sizes, copies=copies,
                    own=own, done=request.query_params.get("selesai", ""), **extra)

    def _redaction_done(doc_id: int, what: str) -> Response:
        return RedirectResponse(f"/dokumen/{doc_id}/penghitaman?selesai={what}", status_code=303)

    @app.get("/dokumen/{doc_id}/penghitaman", response_class=HTMLResponse)
    def redaction(request: Request, doc_id: int, user: Officer) -> Response:
        return _redaction_page(request, user, doc_id)

    @app.post("/dokumen/{doc_id}/penghitaman/kotak")
    def redaction_status(request: Request, doc_id: int, user: Officer, box: Annotated[str, Form()] = "",
                         aksi: Annotated[str, Form()] = "") -> Response:
        """Confirm or remove one box, or confirm every proposed box (``box=semua``)."""
        new = {"konfirmasi": redact.CONFIRMED, "hapus": redact.REJECTED}.get(aksi)
        if new is None or not (box.isdigit() or box == "semua"):
            raise NotFound
        with catalog() as cat:
            _visible_record(cat, user, doc_id)
            try:
                redact.set_status(cat, doc_id, None if box == "semua" else [int(box)], new,
                                  actor=user.actor(address(request)))
            except redact.RedactError as e:
                return _redaction_page(request, user, doc_id, status=400, error=str(e))
        return _redaction_done(doc_id, aksi)

    @app.post("/dokumen/{doc_id}/penghitaman/tambah")
    def redaction_add(request: Request, doc_id: int, user: Officer, halaman: Annotated[int, Form()],
                      x0: Annotated[str, Form()] = "", y0: Annotated[str, Form()] = "",
                      x1: Annotated[str, Form()] = "", y1: Annotated[str, Form()] = "",
                      seluruh: Annotated[str, Form()] = "", alasan: Annotated[str, Form()] = "") -> Response:
        """A box the officer drew (PDF points from the page's top-left corner), or a whole page withheld."""
        rect = None
        if not seluruh:
            try:
                rect = (float(x0), float(y0), float(x1), float(y1))
            except ValueError:
                return _redaction_page(request, user, doc_id, status=400,
                                       error="Gambar kotak pada halaman dulu (draw a box on the page first)")
        with catalog() as cat:
            _visible_record(cat, user, doc_id)
            try:
                redact.add_box(settings, cat, doc_id, page=halaman, rect=rect, reason=alasan.strip(),
                               actor=user.actor(address(request)))
            except redact.RedactError as e:
                return _redaction_page(request, user, doc_id, status=400, error=str(e))
        return _redaction_done(doc_id, "halaman" if seluruh else "tambah")

    @app.post("/dokumen/{doc_id}/penghitaman/terapkan", response_class=HTMLResponse)
    def redaction_apply(request: Request, doc_id: int, user: Officer,
                        dip_type: Annotated[str, Form()] = "setiap_saat") -> Response:
        """Make the redacted copy and show how it was read back."""
        with catalog() as cat:
            _visible_record(cat, user, doc_id)
            try:
                result = redact.apply(settings, cat, doc_id, dip_type=dip_type, actor=user.actor(address(request)))
            except redact.RedactError as e:
                return _redaction_page(request, user, doc_id, status=400, error=str(e))
            finally:
                previews.forget(home, doc_id)
        return _redaction_page(request, user, doc_id, result=result)

    @app.post("/dokumen/{doc_id}/penghitaman/periksa", response_class=HTMLResponse)
    def redaction_check(request: Request, doc_id: int, user: Officer, salinan: Annotated[int, Form()]) -> Response:
        """Read a redacted copy of this document back again."""
        with catalog() as cat:
            _visible_record(cat, user, doc_id)
            if salinan not in {c.get("copy_id") for c in redact.copies_of(cat, doc_id)}:
                raise NotFound
            result = redact.check_copy(settings, cat, salinan, actor=user.actor(address(request)))
            previews.forget(home, salinan)
        return _redaction_page(request, user, doc_id, result=result)

    def _sheet_page(request: Request, user: WebUser, doc_id: int, *, status: int = 200, **extra: Any) -> Response:
        with catalog() as cat:
            rec = _visible_record(cat, user, doc_id)
            gaps = consequence.dik_gaps(settings, cat, doc_id)
        return page(request, "sheet.html", status, rec=rec, gaps=gaps,
                    done=request.query_params.get("selesai", ""), **extra)

    @app.get("/dokumen/{doc_id}/uji-konsekuensi", response_class=HTMLResponse)
    def sheet(request: Request, doc_id: int, user: Officer) -> Response:
        return _sheet_page(request, user, doc_id)

    @app.post("/dokumen/{doc_id}/uji-konsekuensi", response_class=HTMLResponse)
    def sheet_record(request: Request, doc_id: int, user: Officer, consequence_: Annotated[str, Form(
            alias="consequence")] = "", public_interest: Annotated[str, Form()] = "",
            period: Annotated[str, Form()] = "", legal_basis: Annotated[str, Form()] = "") -> Response:
        """The fields the officer completed, into the DIK register's columns."""
        with catalog() as cat:
            _visible_record(cat, user, doc_id)
            try:
                consequence.record_sheet(settings, cat, doc_id, consequence=consequence_.strip() or None,
                                         public_interest=public_interest.strip() or None,
                                         period=period.strip() or None, legal_basis=legal_basis.strip() or None,
                                         actor=user.actor(address(request)))
            except review.ReviewError as e:
                return _sheet_page(request, user, doc_id, status=400, error=str(e))
        return RedirectResponse(f"/dokumen/{doc_id}/uji-konsekuensi?selesai=1", status_code=303)

    @app.get("/dokumen/{doc_id}/uji-konsekuensi.{fmt}")
    def sheet_download(request: Request, doc_id: int, fmt: str, user: Officer) -> Response:
        if fmt not in ("pdf", "docx"):
            raise NotFound
        media = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[fmt]
        name = f"uji-konsekuensi-{doc_id}.{fmt}"
        with catalog() as cat, tempfile.TemporaryDirectory(prefix="pindai-web-") as tmp:
            _visible_record(cat, user, doc_id)
            out = consequence.write_sheet(settings, cat, doc_id, Path(tmp) / name,
                                          actor=user.actor(address(request)))
            data = out.read_bytes()
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # ------------------------------------------------------------------ search

    @app.get("/cari", response_class=HTMLResponse)
    def search_form(request: Request, user: Anyone) -> Response:
        return page(request, "search.html", q="", results=None, f={})

    @app.post("/cari", response_class=HTMLResponse)
    def search(request: Request, user: Anyone, q: Annotated[str, Form()] = "",
               hal: Annotated[int, Form()] = 1, fuzzy: Annotated[str, Form()] = "",
               reg: Annotated[str, Form(alias="register")] = "", tahun: Annotated[str, Form()] = "",
               unit: Annotated[str, Form()] = "", jenis: Annotated[str, Form()] = "",
               status: Annotated[str, Form()] = "", sisi: Annotated[str, Form()] = "") -> Response:
        # POST: the words searched for never reach a URL, an access log or the history.
        kind, _, sub = jenis.partition(":")
        f = {"register": reg if reg in ("DIP", "DIK") else "",
             "tahun": tahun.strip() if tahun.strip().isdigit() else "", "unit": unit.strip(),
             "jenis": jenis if (kind, sub) in [("DIP", t) for t in labels.DIP_TYPES]
             + [("DIK", g) for g in labels.GROUNDS] else "",
             "status": status if status in labels.STATUSES else "",
             "sisi": sisi if sisi in ("public", "exempt") and user.is_officer else ""}
        kind, _, sub = f["jenis"].partition(":")

        def run(tolerant: bool) -> index.Results:
            return index.search(home, q, exempt=user.is_officer, unit=user.unit or f["unit"] or None,
                                year=int(f["tahun"]) if f["tahun"] else None,
                                register=f["register"] or kind or None,
                                dip_type=sub if kind == "DIP" else None, ground=sub if kind == "DIK" else None,
                                status=f["status"] or None, side=f["sisi"] or None,
                                limit=SEARCH_PAGE_SIZE, page=max(1, hal), fuzzy=tolerant, html=True)

        results = run(bool(fuzzy))
        retried = False
        if not results.total and q.strip() and not fuzzy:
            # Nothing as typed: try again tolerating OCR and typing errors, and say so.
            results, retried = run(True), True
        # "Did you mean" when the words as typed found nothing (a word found through its stem is
        # no misspelling); looking for near words costs up to a tenth of a second at 20,000 documents.
        suggestion = index.suggest(home, q, exempt=user.is_officer) if q.strip() and (retried or fuzzy) else None
        pages = max(1, math.ceil(results.total / SEARCH_PAGE_SIZE))
        return page(request, "search.html", q=q, results=results, hal=results.page, pages=pages,
                    fuzzy=bool(fuzzy) or retried, retried=retried, suggestion=suggestion, f=f)

    # ------------------------------------------------------------------ registers

    @app.get("/daftar/{kind}", response_class=HTMLResponse)
    def register_view(request: Request, kind: str, user: Officer, tahun: str = "") -> Response:
        if kind not in ("dip", "dik"):
            raise NotFound
        year = int(tahun) if tahun.isdigit() else None
        reg = registers.load_register(settings, kind, year=year)
        entries = [e for e in reg.entries if _entry_visible(e, user)]
        due = ([d for d in registers.due_exemptions(settings, within="90d") if user.sees_unit(d.unit)]
               if kind == "dik" else [])
        return page(request, "register.html", kind=kind, reg=reg, entries=entries, year=year or "", due=due,
                    formats=() if user.unit else registers.FORMATS)

    @app.get("/daftar/{kind}/unduh/{fmt}")
    def register_download(kind: str, fmt: str, user: Officer, tahun: str = "") -> Response:
        if kind not in ("dip", "dik") or fmt not in registers.FORMATS:
            raise NotFound
        if user.unit:
            raise Forbidden  # the files hold every unit's entries: the page shows this unit's
        year = int(tahun) if tahun.isdigit() else None
        media = {"csv": "text/csv", "json": "application/json", "html": "text/html", "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[fmt]
        name = f"daftar-{kind}{'-' + str(year) if year else ''}.{fmt}"
        with tempfile.TemporaryDirectory(prefix="pindai-web-") as tmp:
            out = Path(tmp) / name
            registers.export_register(settings, kind, fmt=fmt, output=out, year=year)
            data = out.read_bytes()
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/laporan", response_class=HTMLResponse)
    def report_form(request: Request, user: Officer) -> Response:
        if user.unit:
            raise Forbidden  # the report counts every unit's documents
        return page(request, "report.html")

    @app.get("/laporan/unduh")
    def report_download(user: Officer, dari: str = "", sampai: str = "", format: str = "html") -> Response:  # noqa: A002
        if user.unit:
            raise Forbidden
        fmt = "pdf" if format == "pdf" else "html"
        _, _, data = registers.write_report(settings, start=dari or None, end=sampai or None, fmt=fmt,
                                            output=Path("-"))
        name = f"laporan-kegiatan-{dari or 'bulan-ini'}_{sampai or ''}.{fmt}".replace("_.", ".")
        return Response(data, media_type="application/pdf" if fmt == "pdf" else "text/html",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def _entry_visible(entry: Any, user: WebUser) -> bool:
        if not user.unit:
            return True
        with catalog() as cat:
            return user.sees_unit(review.record(cat, settings, entry.id).unit)

    # ------------------------------------------------------------------ status, failed files, admin

    @app.get("/status", response_class=HTMLResponse)
    def status(request: Request, user: Anyone) -> Response:
        from pindai import cluster  # the work queue, with [cluster] broker (#19)

        with catalog() as cat:
            folders = watch_folders.hot_folder_status(settings, cat)
            work_queue = cluster.cluster_status(settings, cat)
        return page(request, "status.html", folders=folders, failed=watch_folders.failed_files(settings),
                    nightly=nightly.last_summary(settings), done=request.query_params.get("selesai", ""),
                    work_queue=work_queue)

    @app.post("/gagal/{key}/ulang")
    def retry(request: Request, key: str, user: Anyone) -> Response:
        watch_folders.retry_failed_file(settings, key)
        log.info("web: %s put a failed file back", user.actor(address(request)))
        return RedirectResponse("/status?selesai=ulang", status_code=303)

    @app.post("/gagal/{key}/buang")
    def discard(request: Request, key: str, user: Anyone) -> Response:
        watch_folders.discard_failed_file(settings, key)
        log.info("web: %s discarded a failed file", user.actor(address(request)))
        return RedirectResponse("/status?selesai=buang", status_code=303)

    @app.get("/admin", response_class=HTMLResponse)
    def admin_page(request: Request, user: Admin) -> Response:
        with catalog() as cat:
            users = accounts.list_users(cat)
        return page(request, "admin.html", users=users, profiles=sorted(settings.profiles.values(),
                                                                         key=lambda p: p.name),
                    hot_folder=settings.hot_folder, nightly=nightly.last_summary(settings))

    return app


#: The metadata an officer edits, with its label and input type.
META_LABELS = (
    ("title", "Judul", "text"), ("number", "Nomor", "text"), ("made_on", "Tanggal pembuatan", "date"),
    ("place", "Tempat pembuatan", "text"), ("issuer", "Penanggung jawab pembuatan", "text"),
    ("holder", "Pejabat/unit yang menguasai", "text"), ("summary", "Ringkasan isi", "textarea"),
    ("kind", "Jenis arsip", "text"), ("retention", "Jangka waktu penyimpanan (JRA)", "text"),
    ("form", "Bentuk informasi", "text"), ("description", "Uraian (register DIK)", "textarea"),
)


_BULK_REASON = "keputusan massal di ruang kerja web"


def _bulk_decision(choice: str) -> review.Decision | None:
    """None: accept each suggestion; else one register and type or ground for all."""
    if choice == "terima":
        return None
    reg, _, sub = choice.partition(":")
    if reg == "DIP" and sub in domain.DIP_TYPES:
        return review.Decision(register="DIP", dip_type=sub, reason=_BULK_REASON)
    if reg == "DIK" and sub in domain.GROUNDS:
        return review.Decision(register="DIK", ground=sub, reason=_BULK_REASON)
    raise review.ReviewError("Pilih keputusan yang akan diterapkan (choose a decision)")


def _query(f: dict[str, str], tab: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"tab": tab, **{k: v for k, v in f.items() if v}})


def _route(request: Request) -> str:
    """The route's pattern (``/dokumen/{doc_id}``), never the filled-in path or query."""
    route = request.scope.get("route")
    return getattr(route, "path", "?")


_MARK = re.compile(r"&lt;(/?)mark&gt;")


def marked(snippet: str) -> Markup:
    """A search snippet with its ``<mark>`` tags kept and everything else escaped.

    ``index.search(html=True)`` marks the words but does not escape the text
    around them: OCR text is escaped here, then only the marks are restored.
    """
    return Markup(_MARK.sub(r"<\1mark>", str(escape(snippet))))


def serve(settings: Settings, *, bind: str = "127.0.0.1:8080", secure_cookies: bool = False,
          workers: int = 1) -> None:
    """Run the workspace under uvicorn until interrupted.

    ``workers`` > 1: that many server processes share the port (uvicorn's own supervisor); each
    builds the app from the home named in the environment. Requests are Python work: on a
    machine with 2 cores, 2 processes answer about twice as many officers at once.
    """
    import uvicorn

    host, _, port = bind.rpartition(":")
    options: dict[str, Any] = dict(host=host.strip("[]") or "127.0.0.1", port=int(port), log_level="info",
                                   proxy_headers=True, server_header=False)
    if workers <= 1:
        uvicorn.run(_settled(create_app(settings, secure_cookies=secure_cookies)), **options)
        return
    os.environ[_HOME_ENV] = str(settings.home.root)
    os.environ[_SECURE_ENV] = "1" if secure_cookies else ""
    uvicorn.run("pindai.web.app:app_from_environment", factory=True, workers=workers, **options)


_HOME_ENV, _SECURE_ENV = "PINDAI_WEB_HOME", "PINDAI_WEB_SECURE_COOKIES"


def app_from_environment() -> FastAPI:
    """The app of one worker process of :func:`serve` (uvicorn's factory)."""
    from pindai.config import load_settings

    return _settled(create_app(load_settings(os.environ[_HOME_ENV]), secure_cookies=bool(os.environ.get(_SECURE_ENV))))


def _settled(app: FastAPI) -> FastAPI:
    """``app``, with what the process holds by now (modules, the app, its templates) set aside from
    Python's garbage collector (``gc.freeze``): a full collection walked all of it and paused every
    thread for 50-140 ms, the slowest of the workspace's requests under load."""
    import gc

    # What requests import or load on first use, loaded now to be set aside too: numpy (search
    # scoring), Sastrawi's dictionary (query words), PDFium and Pillow (page previews).
    import pypdfium2  # noqa: F401
    from PIL import Image  # noqa: F401

    from pindai import _topk  # noqa: F401

    index.stem("pemilihan")
    gc.collect()
    gc.freeze()
    return app
