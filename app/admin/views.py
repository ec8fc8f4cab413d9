"""Admin pages."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import role_required
from app.admin import bp
from app.admin.forms import ResetLinkForm, RoleForm
from app.extensions import db
from app.models import Role, User
from app.services.accounts import accounts
from app.services.accounts import audit as audit_log
from app.services.certification import exam_flow

PAGE_SIZE = 50


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> str:
    """Search users and change their role."""
    query = request.args.get("q", "").strip()[:100]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = db.paginate(
        accounts.users_matching(query), page=page, per_page=PAGE_SIZE, error_out=False
    )
    return render_template(
        "admin/users.html", users=rows, q=query, role_form=RoleForm(), reset_form=ResetLinkForm()
    )


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required(Role.ADMIN)
def set_role(user_id: int) -> Response:
    """Grant a role; recorded in the audit log."""
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, _("Choose a valid role."))
    try:
        accounts.grant_role(current_user, user, Role(form.role.data))
    except accounts.AccountError as error:
        flash(_(str(error)), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(_("%(name)s is now %(role)s.", name=user.display_name, role=form.role.data), "success")
    return redirect(url_for("admin.users", q=user.email))


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@role_required(Role.ADMIN)
def reset_link(user_id: int) -> str:
    """Show a one-time password reset link to hand to the user."""
    user = db.get_or_404(User, user_id)
    if not ResetLinkForm().validate_on_submit():
        abort(400, _("The form was incomplete."))
    token = accounts.issue_reset_token(current_user, user)
    db.session.commit()
    link = url_for("auth.reset_password", token=token, _external=True)
    return render_template("admin/reset_link.html", user=user, link=link)


@bp.route("/users/<int:user_id>/extra-time", methods=["POST"])
@role_required(Role.ADMIN)
def set_extra_time(user_id: int) -> Response:
    """Grant a student extra exam minutes (an accommodation); audited, used from the next start."""
    user = db.get_or_404(User, user_id)
    raw = request.form.get("extra_minutes", "").strip()
    if not re.fullmatch(r"[0-9]{1,4}", raw) or int(raw) > exam_flow.MAX_EXTRA_MINUTES:
        abort(400, _("Extra time must be a whole number of minutes from 0 to %(max)s.",
                     max=exam_flow.MAX_EXTRA_MINUTES))
    exam_flow.set_extra_minutes(current_user, user, int(raw))
    db.session.commit()
    flash(_("%(name)s now has %(n)s extra minutes in exams.", name=user.display_name, n=int(raw)),
          "success")
    return redirect(url_for("admin.users", q=user.email))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit() -> str:
    """The audit log, newest first."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    action = request.args.get("action", "").strip()[:64]
    events = db.paginate(
        audit_log.events_matching(action), page=page, per_page=PAGE_SIZE, error_out=False
    )
    actors = audit_log.actors_of(events.items)
    return render_template("admin/audit.html", events=events, actors=actors, action=action)
