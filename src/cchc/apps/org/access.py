"""Role × unit permissions, in one place. Every view, API endpoint and service asks here.

Two questions are answered:

* **capability** — may this role do this kind of thing at all (``has_capability(user, "tasks.approve")``)?
* **scope** — which units' objects may this user see or change (``scope_queryset(user, qs)``)?

Leaders, the CCHC coordinator and auditors see the whole organisation their unit belongs to (the Sở);
unit heads, officers and one-stop-shop staff see their own unit and the units under it. Auditors never
write. The system administrator sees everything. Anything not granted here is denied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet

from .models import Role, Unit, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Every capability there is, one line each. Names are "<module>.<verb>"; a module adds its own here, grants
# it to roles below and checks it in its views and services (has_capability / require_capability /
# declare). tests/apps/org/test_capabilities.py holds the two lists to each other: every capability checked
# in the code is granted to some role, and every one granted is checked somewhere, except those RESERVED.
CAPABILITY_NAMES: dict[str, str] = {
    "org.view": "see the organisation tree and the people",
    "org.manage": "manage units and accounts (not the privileged ones: administrator only)",
    "audit.view": "read the audit trail",
    "dashboard.view": "open the home page and its summary cards",
    "directives.view": "read directives",
    "directives.import": "upload a directive letter for extraction",
    "directives.manage": "create, edit and confirm directives",
    "tasks.view": "read tasks",
    "tasks.assign": "assign a task to a person",
    "tasks.approve": "approve or return a final progress report",
    "tasks.extend": "decide on an extension request",
    "tasks.report": "report progress on a task",
    "procedures.view": "read the procedure catalogue and simplification plans",
    "procedures.manage": "edit procedures, plans, cost parameters and target links",
    "dossiers.view": "read dossiers",
    "dossiers.import": "import dossier files",
    "dossiers.calendar": "edit the working-day calendar",
    "indicators.view": "read the 766 scorecard",
    "documents.view": "read documents",
    "documents.draft": "draft an outgoing document",
    "documents.sign": "sign documents with one's own key",
    "documents.issue": "number and issue documents",
    "documents.archive": "keep the archive (hồ sơ lưu trữ, fixity checks)",
    "reports.view": "read the generated CCHC reports",
    "reports.create": "generate a CCHC report",
    "people.view": "read the staff register (name, unit, position, ngạch, vị trí việc làm) and training",
    "people.manage": "edit staff records, courses and attendance; import staff and attendance tables",
    "people.personal": "see the personal data (birth date, CCCD, contacts) of the staff in one's scope",
    "people.discipline": "read and record discipline",
    "evaluation.self": "assess oneself for a month or quarter",
    "evaluation.view": "read the evaluations and ratings of one's scope",
    "evaluation.review": "score the evaluations of one's unit (general marks, task grades)",
    "evaluation.approve": "approve a unit's evaluations and annual ratings (the cap on HTXSNV applied)",
    "assessment.view": "read the PAR self-assessment, its criteria sets and evidence library",
    "assessment.fill": "self-score the PAR criteria given to one's unit and attach evidence",
    "assessment.manage": "run the PAR self-assessment: years, criteria sets, review, appraisal, survey",
    "assessment.approve": "approve the PAR self-assessment and send it for appraisal",
    "finance.view": "read the budget-disclosure register (duties, due dates, proof of publication)",
    "finance.manage": "open a year's disclosure duties of a unit and record events and proof of publication",
    "institutions.view": "read the register of legal documents, the review rounds and their findings",
    "institutions.manage": "keep the register of legal documents, open review rounds, record findings and proposals, "
    "import and link them to tasks",
}
# Granted but checked nowhere yet: the modules that will check them are being built (issue 23).
RESERVED_CAPABILITIES: frozenset[str] = frozenset()

# Capabilities per role. Modules add theirs here, never in views.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.LEADER: frozenset(
        {
            "institutions.view",
            "org.view",
            "audit.view",
            "dashboard.view",
            "directives.view",
            "tasks.view",
            "tasks.approve",
            "tasks.extend",
            "tasks.assign",
            "procedures.view",
            "dossiers.view",
            "indicators.view",
            "documents.view",
            "documents.draft",
            "documents.sign",
            "documents.issue",
            "reports.view",
            "reports.create",
            "people.view",
            "people.personal",
            "people.discipline",
            "evaluation.self",
            "evaluation.view",
            "evaluation.approve",
            "assessment.view",
            "assessment.approve",
            "finance.view",
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            "institutions.view",
            "institutions.manage",
            "org.view",
            "org.manage",
            "audit.view",
            "dashboard.view",
            "directives.view",
            "directives.import",
            "directives.manage",
            "tasks.view",
            "tasks.assign",
            "tasks.approve",
            "tasks.extend",
            "procedures.view",
            "procedures.manage",
            "dossiers.view",
            "dossiers.import",
            "dossiers.calendar",
            "indicators.view",
            "documents.view",
            "documents.draft",
            "documents.issue",
            "documents.archive",
            "reports.view",
            "reports.create",
            "assessment.manage",
            "people.view",
            "people.manage",
            "people.personal",
            "people.discipline",
            "evaluation.self",
            "evaluation.view",
            "evaluation.review",
            "assessment.view",
            "assessment.fill",
            "finance.view",
            "finance.manage",
        }
    ),
    Role.UNIT_HEAD: frozenset(
        {
            "institutions.view",
            "institutions.manage",
            "org.view",
            "dashboard.view",
            "directives.view",
            "tasks.view",
            "tasks.assign",
            "tasks.approve",
            "tasks.report",
            "procedures.view",
            "procedures.manage",
            "dossiers.view",
            "indicators.view",
            "documents.view",
            "documents.draft",
            "documents.sign",
            "reports.view",
            "people.view",
            "people.personal",
            "evaluation.self",
            "evaluation.view",
            "evaluation.review",
            "assessment.view",
            "assessment.fill",
            "finance.view",
            "finance.manage",
        }
    ),
    Role.OFFICER: frozenset(
        {
            "institutions.view",
            "org.view",
            "dashboard.view",
            "directives.view",
            "tasks.view",
            "tasks.report",
            "procedures.view",
            "dossiers.view",
            "indicators.view",
            "documents.view",
            "documents.draft",
            "people.view",
            "evaluation.self",
            "assessment.view",
            "assessment.fill",
        }
    ),
    Role.DATA_STEWARD: frozenset(
        {
            "org.view",
            "dashboard.view",
            "directives.view",
            "tasks.view",
            "tasks.report",
            "procedures.view",
            "dossiers.view",
            "dossiers.import",
            "indicators.view",
            "documents.view",
            "people.view",
            "evaluation.self",
        }
    ),
    Role.AUDITOR: frozenset(
        {
            "institutions.view",
            "org.view",
            "audit.view",
            "dashboard.view",
            "directives.view",
            "tasks.view",
            "procedures.view",
            "dossiers.view",
            "indicators.view",
            "documents.view",
            "reports.view",
            "people.view",
            "evaluation.view",
            "assessment.view",
            "finance.view",
        }
    ),
    Role.SYSTEM: frozenset(),  # acts only as the author of what jobs do (system_actor); reads nothing
}
_UNKNOWN = {c for caps in CAPABILITIES.values() for c in caps} - set(CAPABILITY_NAMES)
if _UNKNOWN:  # pragma: no cover - a typo in the table above
    raise ImproperlyConfigured(f"Capabilities granted but not listed in CAPABILITY_NAMES: {sorted(_UNKNOWN)}")
ORGANISATION_WIDE_ROLES = frozenset({Role.LEADER, Role.COORDINATOR, Role.AUDITOR})
READ_ONLY_ROLES = frozenset({Role.AUDITOR})


@dataclass(frozen=True)
class Scope:
    """The units whose objects a user may see. ``unit_path`` None means every unit (system admin)."""

    unit_path: str | None
    read_only: bool

    @property
    def everything(self) -> bool:
        return self.unit_path is None


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def is_organisation_wide(user: User) -> bool:
    """Sees the whole organisation (or, as the administrator, everything)."""
    return is_admin(user) or user.role in ORGANISATION_WIDE_ROLES


def has_capability(user: User, capability: str) -> bool:
    if capability not in CAPABILITY_NAMES:
        raise ImproperlyConfigured(f"Unknown capability {capability!r}: list it in access.CAPABILITY_NAMES")
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    return capability in CAPABILITIES.get(user.role, frozenset())


def require_capability(user: User, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def scope_for(user: User) -> Scope:
    if is_admin(user):
        return Scope(unit_path=None, read_only=False)
    if not user.is_authenticated or user.unit_id is None:
        return Scope(unit_path="/__none__/", read_only=True)
    unit = user.unit
    assert unit is not None
    path = unit.root().path if user.role in ORGANISATION_WIDE_ROLES else unit.path
    return Scope(unit_path=path, read_only=user.role in READ_ONLY_ROLES)


def visible_units(user: User) -> QuerySet[Unit]:
    scope = scope_for(user)
    qs = Unit.objects.all()
    return qs if scope.unit_path is None else qs.filter(path__startswith=scope.unit_path)


def scope_queryset(user: User, qs: QuerySet, unit_field: str = "unit") -> QuerySet:
    """Restrict ``qs`` to objects whose ``unit_field`` lies inside the user's scope."""
    scope = scope_for(user)
    if scope.everything:
        return qs
    return qs.filter(**{f"{unit_field}__path__startswith": scope.unit_path})


def can_access_unit(user: User, unit: Unit | None, *, write: bool = False) -> bool:
    if unit is None:
        return is_admin(user)
    scope = scope_for(user)
    if write and scope.read_only:
        return False
    return scope.everything or unit.path.startswith(scope.unit_path or "")


def check_unit(user: User, unit: Unit | None, *, write: bool = False) -> None:
    """Raise PermissionDenied unless ``user`` may see (or, with ``write``, change) objects of ``unit``."""
    if not can_access_unit(user, unit, write=write):
        raise PermissionDenied("Đối tượng này thuộc đơn vị khác: bạn không có quyền truy cập.")


def check_object(user: User, obj: Model, *, unit_field: str = "unit", write: bool = False) -> None:
    unit = obj
    for part in unit_field.split("__"):
        unit = getattr(unit, part)
    check_unit(user, unit, write=write)  # type: ignore[arg-type]


# --- What each view requires, declared next to it -------------------------------------------------
# Enforcement stays in the view and its services (require_capability, check_unit, scope_queryset). The
# declaration is what the adversarial suite (tests/security/) reads to expect, for every URL × role, the
# answer that CAPABILITIES and the unit scopes above give; a view that declares nothing fails that suite.

SIGNED_IN = "@signed-in"  # any signed-in user; the view reads or changes only the user's own data
PUBLIC = "@public"  # no login: a secret in the URL stands in for it
# A capability held with write scope over the user's whole organisation (the Sở), not just a phòng.
ORGANISATION_MANAGER = "procedures.manage@organisation"

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Obj:
    """A URL argument naming an object: its model ("app_label.Model") and the path from it to the unit
    that scopes it ("unit", "batch__unit"; "" when the object is a unit itself; None when unit scope does
    not apply), or to the user who alone may open it (``owner``)."""

    model: str
    unit: str | None = "unit"
    owner: str | None = None
    key: str = "pk"  # the field the URL argument matches


@dataclass(frozen=True)
class Declared:
    """``read``: capability for GET; ``write``: capability for POST/PUT/DELETE (None: the view takes no
    writes), or per value of the argument whose allowed values are its keys (``action``);
    ``args``: per URL argument an :class:`Obj` or the tuple of values it accepts; ``query``: the same for
    query-string parameters that name an object the view must check (``?unit=``)."""

    read: str | None
    write: str | Mapping[str, str] | None = None
    args: Mapping[str, Obj | tuple[str, ...]] = field(default_factory=dict)
    query: Mapping[str, Obj] = field(default_factory=dict)


def declare(
    read: str | None,
    write: str | Mapping[str, str] | None = None,
    *,
    query: Mapping[str, Obj] | None = None,
    **args: Obj | tuple[str, ...],
) -> Callable[[View], View]:
    """Record on a view (``view.access``) the capability it requires and what its URL arguments name."""
    declared = Declared(read=read, write=write, args=args, query=query or {})

    def mark(view: View) -> View:
        view.access = declared  # type: ignore[attr-defined]
        return view

    return mark


def allows(user: User, requirement: str) -> bool:
    """Whether ``user`` meets a declared requirement: a capability, "a|b" (either), SIGNED_IN, PUBLIC or
    "capability@organisation" (the capability with write scope over the user's whole organisation)."""
    if requirement == PUBLIC:
        return True
    if requirement == SIGNED_IN:
        return bool(user.is_authenticated and user.is_active)
    capability, _, over = requirement.partition("@")
    if not any(has_capability(user, c) for c in capability.split("|")):
        return False
    if over == "organisation":
        return is_admin(user) or (
            user.unit is not None and can_access_unit(user, user.unit.root(), write=True)
        )
    return True


def declared(view: Callable[..., Any]) -> Declared | None:
    """The declaration of ``view`` (through decorators that keep ``__wrapped__``), or None."""
    while view is not None:
        found = getattr(view, "access", None)
        if isinstance(found, Declared):
            return found
        view = getattr(view, "__wrapped__", None)  # type: ignore[assignment]
    return None


# --- Corrections after a directive is confirmed --------------------------------------------------------
# Moving a task to another unit, changing its deadline or targets, adding a task, cancelling or restoring a
# task or the whole directive: whoever may create and confirm directives ("directives.manage") with write
# scope over the directive's tracking unit (and, checked by the services, over every unit they give the
# task to). A unit head, a leader or an officer asks for an extension instead; an auditor writes nowhere.


def can_correct_directive(user: User, unit: Unit | None) -> bool:
    """May ``user`` correct a confirmed directive followed up by ``unit`` (its tasks included)?"""
    return has_capability(user, "directives.manage") and can_access_unit(user, unit, write=True)


def check_correct_directive(user: User, unit: Unit | None) -> None:
    if not can_correct_directive(user, unit):
        raise PermissionDenied(
            "Chỉ người quản lý văn bản chỉ đạo của đơn vị theo dõi được điều chỉnh văn bản và nhiệm vụ đã xác nhận."
        )


# --- Accounts: who may grant which role and manage whom -------------------------------------------------
# A role is *privileged* when holding it is power over other people or over the organisation's name:
# the administrator (everything), any role with "org.manage" (it manages accounts: the coordinator) and any
# role with "documents.sign" (the server signs with that person's own key, so whoever controls the account
# signs in their name: leaders and unit heads). Only an administrator grants a privileged role or edits,
# resets or deactivates a privileged account; a manager of the organisation ("org.manage") grants the other
# roles and manages the other accounts of their scope. Nobody changes their own role, active flag or (here)
# password: their own password is changed on the password page, which asks for the current one.
ACCOUNT_POWER_CAPABILITIES = frozenset({"org.manage", "documents.sign"})
PRIVILEGED_ROLES = frozenset(
    {Role.ADMIN} | {role for role, caps in CAPABILITIES.items() if caps & ACCOUNT_POWER_CAPABILITIES}
)


def is_privileged(account: User) -> bool:
    return bool(account.is_superuser or account.role in PRIVILEGED_ROLES)


def grantable_roles(user: User) -> list[str]:
    """The roles ``user`` may give to an account, in the order of ``Role``."""
    if is_admin(user):
        return [r for r in Role.values if r != Role.SYSTEM]
    if has_capability(user, "org.manage"):
        return [r for r in Role.values if r not in PRIVILEGED_ROLES and r != Role.SYSTEM]
    return []


def grantable_role_choices(user: User) -> list[tuple[str, StrOrPromise]]:
    """(value, label) of :func:`grantable_roles`, for a form's select."""
    allowed = set(grantable_roles(user))
    return [(value, label) for value, label in Role.choices if value in allowed]


def role_names() -> list[str]:
    """Every role's code (settings that name roles are checked against it)."""
    return list(Role.values)


def can_manage_account(user: User, account: User | None) -> bool:
    """May ``user`` create (``account`` None) or edit ``account``: profile, unit, role, active flag, password?"""
    if not has_capability(user, "org.manage"):
        return False
    if account is None or is_admin(user):
        return True
    return not is_privileged(account) and can_access_unit(user, account.unit, write=True)


def can_change_security(user: User, account: User | None) -> bool:
    """Role, active flag and password: never on one's own account (see above)."""
    return can_manage_account(user, account) and (account is None or account.pk != user.pk)


def check_manage_account(user: User, account: User | None) -> None:
    if not can_manage_account(user, account):
        raise PermissionDenied(
            "Chỉ quản trị hệ thống được sửa tài khoản lãnh đạo, trưởng đơn vị, văn phòng và quản trị; "
            "bạn không có quyền sửa tài khoản này."
        )


# --- Separation of duties ---------------------------------------------------------------------------------
# Whoever submitted something for a decision (a final progress report, an extension request…) does not take
# that decision: it goes to someone else who holds the deciding capability for the unit.


def may_decide_on(user: User, submitted_by_id: int | None) -> bool:
    return submitted_by_id is None or submitted_by_id != user.pk


def check_not_own_submission(user: User, submitted_by_id: int | None) -> None:
    if not may_decide_on(user, submitted_by_id):
        raise PermissionDenied(
            "Không được tự duyệt đề nghị hoặc báo cáo do chính mình gửi: người khác có thẩm quyền sẽ quyết định."
        )


# --- Who: the people a rule names -----------------------------------------------------------------------
# "Who approves this report, who hears of an overdue task, who may sign, who keeps the archive" is asked
# here and nowhere else (no ``Role.`` query outside this module). Each answer is active people only.

UNIT_MANAGER_ROLES = frozenset({Role.UNIT_HEAD})  # trưởng phòng / thủ trưởng đơn vị: manages one unit
LEADERSHIP_ROLES = frozenset({Role.LEADER, Role.COORDINATOR})  # decide for the whole organisation (Sở)
SIGNER_ROLES = frozenset(role for role, caps in CAPABILITIES.items() if "documents.sign" in caps)
ARCHIVE_KEEPER_ROLES = frozenset(role for role, caps in CAPABILITIES.items() if "documents.archive" in caps)
IMPORTER_ROLES = frozenset(role for role, caps in CAPABILITIES.items() if "dossiers.import" in caps)

SYSTEM_USERNAME = "he-thong"


def _people() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("unit")


def is_director(user: User) -> bool:
    """The organisation's leader (giám đốc, phó giám đốc): their home is the director's overview."""
    return bool(user.is_authenticated and user.role == Role.LEADER)


def is_unit_manager(user: User) -> bool:
    return bool(user.is_authenticated and user.role in UNIT_MANAGER_ROLES and user.unit_id)


def unit_managers(unit: Unit) -> list[User]:
    """The heads of ``unit`` itself (not of the units under or above it)."""
    return list(_people().filter(unit=unit, role__in=UNIT_MANAGER_ROLES))


def leadership(unit: Unit, *, exclude: User | None = None) -> list[User]:
    """The leaders and CCHC coordinator of ``unit``'s organisation: they decide extensions and hear of
    tasks overdue beyond the escalation delay."""
    qs = _people().filter(role__in=LEADERSHIP_ROLES, unit__path__startswith=unit.root().path)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs)


def deciders(unit: Unit, capability: str, *, exclude: User | None = None) -> list[User]:
    """The organisation's leadership who hold ``capability`` with write scope over ``unit``."""
    return [u for u in leadership(unit, exclude=exclude) if _decides(u, unit, capability)]


def _decides(user: User, unit: Unit, capability: str) -> bool:
    return has_capability(user, capability) and can_access_unit(user, unit, write=True)


def approvers(unit: Unit, *, submitted_by: User | None = None) -> list[User]:
    """Who decides on a final report for a task of ``unit``: the unit's heads, else the heads of the units
    above, else the organisation's leaders and coordinator — never the person who submitted it (a unit head
    reporting on their own unit's task goes to the head above or the leadership)."""
    ancestors = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    for level in [unit, *Unit.objects.filter(pk__in=ancestors).order_by("-path")]:
        heads = [
            u
            for u in unit_managers(level)
            if (submitted_by is None or u.pk != submitted_by.pk) and _decides(u, unit, "tasks.approve")
        ]
        if heads:
            return heads
    return deciders(unit, "tasks.approve", exclude=submitted_by)


def signers(*, organisation: Unit | None, units: QuerySet[Unit]) -> QuerySet[User]:
    """Who may be named to sign a document drafted for ``units``: their unit heads, and the leaders of
    ``organisation`` (the drafter's Sở; all leaders when None)."""
    org_wide = SIGNER_ROLES & ORGANISATION_WIDE_ROLES
    leaders = Q(role__in=org_wide)
    if organisation is not None:
        leaders &= Q(unit__path__startswith=organisation.path)
    return User.objects.filter(Q(role__in=SIGNER_ROLES - org_wide, unit__in=units) | leaders, is_active=True)


def organisation_signers(organisation: Unit) -> QuerySet[User]:
    """Everyone of ``organisation`` who may sign (each gets a signing key)."""
    return User.objects.filter(role__in=SIGNER_ROLES, unit__path__startswith=organisation.path)


def archive_keepers(organisations: set[str] | None = None) -> list[User]:
    """Who keeps the archive (receives fixity alerts and deposit reminders): active holders of
    ``documents.archive``, those of the organisations whose paths are given, or all."""
    people = _people().filter(role__in=ARCHIVE_KEEPER_ROLES)
    if organisations is None:
        return list(people)
    return [u for u in people if u.unit is not None and any(u.unit.path.startswith(p) for p in organisations)]


def feed_keepers(unit: Unit) -> list[User]:
    """Who hears that a continuous dossier feed of ``unit`` went quiet: the active holders of
    ``dossiers.import`` with write scope over the unit (the CCHC coordinator of its organisation, the
    one-stop-shop staff of the unit) — those who may see and set up the feed."""
    return [u for u in _people().filter(role__in=IMPORTER_ROLES) if _decides(u, unit, "dossiers.import")]


def can_see_personal(user: User, unit: Unit | None, owner_id: int | None) -> bool:
    """Personal data of a staff record (birth date, CCCD, contacts…): the person themself, and whoever holds
    ``people.personal`` over the record's unit — the unit's heads (their managers), the leaders and the
    personnel office of the organisation; nobody else, in a page, an export or an API answer."""
    if not user.is_authenticated:
        return False
    if owner_id is not None and owner_id == user.pk:
        return True
    return has_capability(user, "people.personal") and can_access_unit(user, unit)


def can_see_discipline(user: User, unit: Unit | None, owner_id: int | None) -> bool:
    """Discipline records: the person themself and the holders of ``people.discipline`` over the unit."""
    if not user.is_authenticated:
        return False
    if owner_id is not None and owner_id == user.pk:
        return True
    return has_capability(user, "people.discipline") and can_access_unit(user, unit)


def system_actor() -> User:
    """The account background jobs and scheduled commands act as, so the audit trail names "Hệ thống (tác
    vụ tự động)" instead of nobody: a real row, inactive, without a usable password or any capability."""
    actor, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "role": Role.SYSTEM,
            "last_name": "Hệ thống",
            "first_name": "(tác vụ tự động)",
            "position": "Tác vụ nền và lệnh định kỳ",
            "is_active": False,
        },
    )
    if created:
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    return actor


def is_system_actor(user: User) -> bool:
    return user.role == Role.SYSTEM
