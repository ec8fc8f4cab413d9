"""Account views: validate → service → commit → flash → redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from app.access import public, role_required
from app.auth import bp
from app.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    RegisterForm,
    ResetPasswordForm,
)
from app.extensions import db, limiter
from app.i18n import COOKIE, COOKIE_MAX_AGE, current_language
from app.models import Role, User
from app.services.accounts import accounts


def safe_next_url(default: str) -> str:
    """Follow ``next`` only to a path on this site (no open redirects)."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def landing_page(user: User) -> str:
    """Where a sign-in lands: instructors on their studio home, everyone else on the dashboard."""
    if user.is_instructor and "studio.home" in current_app.view_functions:
        return url_for("studio.home")
    return url_for("main.dashboard")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@public
def register() -> str | Response:
    """Create a student account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                form.email.data, form.display_name.data, form.password.data
            )
        except accounts.AccountError as error:
            form.email.errors.append(_(str(error)))
        else:
            db.session.commit()
            login_user(user)
            flash(
                _("Your account is ready. Start with the first lesson."),
                "success",
            )
            return redirect(url_for("main.dashboard"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def login() -> str | Response:
    """Sign in; repeated failures lock the account for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        result = accounts.sign_in(form.email.data, form.password.data)
        db.session.commit()
        if result.user is not None:
            login_user(result.user, remember=form.remember.data)
            flash(_("Signed in."), "success")
            return redirect(safe_next_url(landing_page(result.user)))
        form.password.errors.append(_(result.reason or accounts.SIGN_IN_REFUSED))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@role_required(Role.STUDENT)
def logout() -> Response:
    """Sign out (POST with a CSRF token); copies of the session and remember-me cookies die too."""
    if not LogoutForm().validate_on_submit():
        abort(400, _("The logout form was incomplete."))
    accounts.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("Signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@role_required(Role.STUDENT)
def change_password() -> str | Response:
    """Change one's own password; every other session is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except accounts.AccountError as error:
            form.current.errors.append(_(str(error)))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())
            flash(_("Password changed. Other sessions were signed out."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template(
        "auth/change_password.html",
        form=form,
        language_form=LanguageForm(formdata=None, language=current_language()),
    )


@bp.post("/language")
@role_required(Role.STUDENT)
def save_language() -> Response:
    """Save the interface language in the account, and in this browser's cookie."""
    form = LanguageForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the offered languages."), "error")
        return redirect(url_for("auth.change_password"))
    accounts.set_locale(current_user, form.language.data)
    db.session.commit()
    response = redirect(url_for("auth.change_password"))
    response.set_cookie(
        COOKIE, form.language.data, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    with force_locale(form.language.data):
        flash(_("Language saved."), "success")
    return response


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@public
def forgot_password() -> str | Response:
    """Email a reset link; the answer is the same whether or not the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _("If an account uses this address, a reset link is on its way (valid one hour)."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def reset_password(token: str) -> str | Response:
    """Set a new password from a reset link (emailed or admin-issued)."""
    user = accounts.user_for_reset_token(token)
    if user is None:
        abort(404, _("This reset link is invalid, used or expired. Ask for a new one."))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(user, form.password.data)
        db.session.commit()
        current_app.logger.info("password reset for user %s", user.id)
        flash(_("Your password was set. Please log in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
