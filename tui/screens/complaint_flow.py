"""F5 and F6 from the desk: the complaint form for the call in hand, and the queue.

The screen side of the complaint service (`tui.services.complaints`): what the form is
prefilled with depends on the call the desk holds, which the service knows nothing of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.domain.complaints import split_reason_line
from tui.domain.i18n import t
from tui.domain.phone import mask
from tui.screens.complaint_form import REASON_KEY, ComplaintFormScreen, basis_of
from tui.screens.queue import QueueScreen

if TYPE_CHECKING:
    from tui.app import AgentDeskApp
    from tui.domain.call_session import CallSession
    from tui.services.complaints import ComplaintService


def call_reason(session: CallSession, call_id: str | None) -> str | None:
    """The reason of call `call_id`, if it is the call in hand or the one just saved."""
    if call_id is None:
        return None
    if session.in_call and call_id == session.call_id:
        return session.reason_code
    if call_id == session.saved_call_id:
        return session.saved_reason_code
    return None


def restored_reason(
    service: ComplaintService, session: CallSession, fields: dict[str, str], call_id: str | None
) -> str | None:
    """The reason a restored draft was taken on. A draft from before the reason had its
    own line began the description with the reason's path: that line moves back out of
    the description, so the agent's words are all that is left there."""
    if REASON_KEY in fields:
        return fields[REASON_KEY] or call_reason(session, call_id)
    what = fields.get("what_happened", "")
    code, rest = split_reason_line(what, service.reason_tree.codes_by_path())
    if code is not None:
        fields["what_happened"] = rest
    return code or call_reason(session, call_id)


async def run_form(app: AgentDeskApp, service: ComplaintService) -> str | None:
    """F5: the complaint form, given back as it was left if a draft is waiting, else
    prefilled from the call in progress. Run inside a worker (it waits for the form).
    Returns the new complaint's id, or None when the form was closed."""
    lang = app.lang
    # The form needs the rules, not the whole queue, which may take seconds to read.
    await service.wait_first_page()
    if service.rules is None:
        app.notify(t(lang, "cform.no_rules"), severity="error", timeout=10)
        return None
    session = app.session
    now = service.clock.now()
    draft = await service.draft()
    fields: dict[str, str]
    if draft is not None:
        fields = dict(draft.fields)
        basis = basis_of(fields, draft.updated_at)
        call_id = await service.draft_call_id()
        if not fields.get("contact", "").strip() and session.in_call and session.caller:
            fields["contact"] = session.caller
        reason_code = restored_reason(service, session, fields, call_id)
    else:
        fields = {}
        basis = now
        call_id = session.call_id if session.in_call else session.saved_call_id
        if session.in_call:
            fields["contact"] = session.caller
        reason_code = call_reason(session, call_id)
    context = ""
    if session.in_call:
        caller = mask(session.caller) if session.caller else "—"
        # The reason has its own line on the form when there is one.
        context = (
            t(lang, "cform.context_caller", caller=caller)
            if reason_code
            else t(
                lang,
                "cform.context",
                caller=caller,
                reason=service.reason_text(session.reason_code) if session.reason_code else "—",
            )
        )
    screen = ComplaintFormScreen(
        service,
        lang,
        fields,
        basis=basis,
        call_id=call_id,
        context=context,
        restored=draft is not None,
        reason_code=reason_code,
    )
    result: str | None = await app.ask(screen)
    if result is not None and call_id is not None:
        # Only the call still in hand takes the complaint: a draft from an earlier
        # call, or a form opened after the call, must not change this call's outcome.
        session = app.session
        if session.in_call and session.call_id == call_id:
            app.session = session.with_complaint(result)
    return result


def toggle_queue(app: AgentDeskApp, service: ComplaintService) -> None:
    """F6: the queue; F6 (or Esc) again goes back."""
    if isinstance(app.screen, QueueScreen):
        app.screen.dismiss(None)
        return
    if any(isinstance(screen, QueueScreen) for screen in app.screen_stack):
        return
    app.push_screen(QueueScreen(service, app.lang))
