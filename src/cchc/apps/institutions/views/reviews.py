"""Review rounds (rà soát thường xuyên, theo chuyên đề; hệ thống hóa định kỳ, NĐ 79/2025): list with due state,
opening a round (the domain computes its cut-off and due date), a round's findings, the four Điều 51 lists, its
export, a finding per document with its proposal and linked task, and closing the round."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.errors import UserError
from cchc.domain.institutions import review as rules

from .. import exports, selectors, services
from ..forms import FindingForm, RoundForm
from ..models import RoundKind

VIEW, MANAGE = "institutions.view", services.MANAGE


@declare(VIEW)
@login_required
def round_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, VIEW)
    kind = request.GET.get("kind", "").strip()
    kind = kind if kind in RoundKind.values else ""
    page = Paginator(selectors.rounds(user=request.user, kind=kind), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [selectors.round_row(r, today) for r in page]
    return render(request, "institutions/round_list.html", {
        "page": page, "rows": rows, "kind": kind, "kinds": RoundKind.choices, "labels": rules.STATUS_LABELS,
        "query_string": f"kind={kind}",
    })  # fmt: skip


@declare(MANAGE, MANAGE)
@login_required
def round_create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, MANAGE)
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = services.open_round(actor=request.user, **data)
        except UserError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã mở đợt “%(t)s” với %(n)s văn bản.") % {
                "t": rnd.title, "n": rnd.items.count()})  # fmt: skip
            return redirect("institutions:round_detail", pk=rnd.pk)
    return render(request, "institutions/round_form.html", {"form": form, "cycle": rules.load_rules().cycle})


@declare(VIEW, pk=Obj("institutions.ReviewRound"))
@login_required
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, VIEW)
    rnd = selectors.round_detail(user=request.user, pk=pk)
    row = selectors.round_row(rnd, timezone.localdate())
    lists = [(rules.LISTS[code], docs) for code, docs in row.lists.items()]
    return render(request, "institutions/round_detail.html", {
        "rnd": rnd, "row": row, "items": selectors.round_items(rnd), "lists": lists,
        "status_label": rules.STATUS_LABELS[row.status],
    })  # fmt: skip


@declare(VIEW, pk=Obj("institutions.ReviewRound"))
@login_required
def round_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, VIEW)
    rnd = selectors.round_detail(user=request.user, pk=pk)
    return exports.findings_xlsx(rnd, selectors.round_items(rnd))


@declare(None, MANAGE, pk=Obj("institutions.ReviewRound"))
@login_required
@require_POST
def round_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_detail(user=request.user, pk=pk)  # the service checks the capability and the unit
    try:
        services.close_round(actor=request.user, rnd=rnd, on=timezone.localdate())
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã kết thúc đợt rà soát."))
    return redirect("institutions:round_detail", pk=rnd.pk)


@declare(VIEW, MANAGE, pk=Obj("institutions.ReviewItem", unit="round__unit"))
@login_required
def item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, VIEW)
    item = selectors.item_detail(user=request.user, pk=pk)
    tasks = selectors.linkable_tasks(user=request.user, unit=item.round.unit)
    initial = {
        "effect": item.effect or item.document.effect, "form": item.form, "reason": item.reason,
        "reviewed_on": item.reviewed_on or timezone.localdate(), "proposal_status": item.proposal_status,
        "handled_on": item.handled_on, "task": item.task_id,
    }  # fmt: skip
    form = FindingForm(request.POST or None, initial=initial, tasks=tasks)
    if request.method == "POST":
        require_capability(request.user, MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_finding(
                    actor=request.user, item=item, effect=data["effect"], form=data["form"],
                    reason=data["reason"], on=data["reviewed_on"], proposal_status=data["proposal_status"],
                    handled_on=data["handled_on"],
                )  # fmt: skip
                if data["task"] != item.task:
                    services.link_task(actor=request.user, item=item, task=data["task"])
            except UserError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Đã ghi kết quả rà soát văn bản %(s)s.") % {"s": item.document.symbol}
                )
                return redirect("institutions:round_detail", pk=item.round_id)
    return render(request, "institutions/item_form.html", {"item": item, "form": form})
