"""Staff pages for records of plan data: a list with filters and totals, create, edit and delete.

A `Records` subclass declares one kind of record (model, form, columns, where it hangs); `urls()`
makes its pages. The views keep every lookup inside the user's organisation, check that edits
are not stale, and refuse deletions that others depend on, with a Thai explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from lib import thai
from lib.fields import MonthsField
from plans.access import EDIT_ROLES, MemberRequiredMixin, get_for_organisation
from plans.models import StaleEdit


@dataclass(frozen=True)
class Column:
    label: str
    attr: str
    kind: str = "text"  # text | amount | number | year | date | months | bool
    link: bool | str = False  # True: the record's page (or its edit page); a URL name: reversed with the pk
    total: bool = False


class Records:
    """Declares one kind of record for the staff pages."""

    model = None
    form_class = None
    app = "plans"
    path = ""  # e.g. "units/" or "ordinances/<int:parent_pk>/lines/"
    parent_model = None  # None: the record belongs directly to the user's organisation
    parent_field = "organisation"
    filterset_class = None
    columns: tuple[Column, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    slug = ""  # for the edit and delete pages: "<slug>/<pk>/edit/"
    paginate_by = 100
    has_list = True  # False: records are listed on their parent's page (see list_url)
    list_template = "records/list.html"
    form_template = "records/form.html"
    add_label = "เพิ่ม"

    @classmethod
    def name(cls) -> str:
        return cls.model._meta.model_name

    @classmethod
    def urls(cls) -> list:
        base = cls.name()
        views = [
            path(f"{cls.path}new/", RecordCreateView.as_view(records=cls), name=f"{base}_create"),
            path(f"{cls.slug}/<int:pk>/edit/", RecordUpdateView.as_view(records=cls), name=f"{base}_update"),
            path(f"{cls.slug}/<int:pk>/delete/", RecordDeleteView.as_view(records=cls), name=f"{base}_delete"),
        ]
        if cls.has_list:
            views.append(path(cls.path, RecordListView.as_view(records=cls), name=f"{base}_list"))
        return views

    @classmethod
    def parent_of(cls, obj):
        return getattr(obj, cls.parent_field)

    @classmethod
    def list_url(cls, parent) -> str:
        """Where the records under `parent` are listed (and where a save returns to)."""
        if cls.parent_model is None:
            return reverse(f"{cls.app}:{cls.name()}_list")
        return reverse(f"{cls.app}:{cls.name()}_list", args=[parent.pk])

    @classmethod
    def annotate(cls, queryset):
        """Add computed columns (counts, sums) to the list's queryset: one query for any number of rows."""
        return queryset

    @classmethod
    def extra_context(cls, parent, queryset) -> dict:
        return {}

    @classmethod
    def locked_reason(cls, parent, obj=None) -> str | None:
        """A Thai sentence when this record, or records under `parent`, may not change now."""
        return None


@dataclass(frozen=True)
class Names:
    """What a kind of record is called on its pages, in the organisation's words (a เทศบาล's
    ordinances are เทศบัญญัติ, a city's villages ชุมชน)."""

    verbose_name: str
    verbose_name_plural: str

    @classmethod
    def of(cls, records: type[Records], organisation) -> Names:
        meta, speak = records.model._meta, organisation.words.speak
        return cls(speak(str(meta.verbose_name)), speak(str(meta.verbose_name_plural)))


class RecordView(MemberRequiredMixin):
    records: type[Records] = Records
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        r = self.records
        return r.model.objects.for_organisation(self.organisation).select_related(*r.select_related).prefetch_related(*r.prefetch_related)

    def get_parent(self):
        if self.records.parent_model is None:
            return self.organisation
        return get_for_organisation(self.records.parent_model, self.organisation, pk=self.kwargs["parent_pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            records=self.records,
            meta=Names.of(self.records, self.organisation),
            add_label=self.organisation.words.speak(self.records.add_label),
            parent=self.parent,
            can_edit=self.request.user.role in EDIT_ROLES,
            list_url=self.records.list_url(self.parent),
        )
        return context


class RecordListView(RecordView, ListView):
    def get(self, request, *args, **kwargs):
        self.parent = self.get_parent()
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [self.records.list_template]

    def get_paginate_by(self, queryset):
        return self.records.paginate_by

    def get_queryset(self):
        # Aggregating annotations drop Meta.ordering; keep the model's order for stable pages.
        queryset = self.records.annotate(super().get_queryset()).order_by(*self.records.model._meta.ordering)
        if self.records.parent_model is not None:
            queryset = queryset.filter(**{self.records.parent_field: self.parent})
        self.filterset = None
        if self.records.filterset_class:
            self.filterset = self.records.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request, parent=self.parent
            )
            queryset = self.filterset.qs
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = [c for c in self.records.columns if c.total]
        sums = self.object_list.order_by().aggregate(**{c.attr: Sum(c.attr) for c in totals}) if totals else {}
        context.update(
            filter=self.filterset,
            columns=[replace(column, label=self.organisation.words.speak(column.label)) for column in self.records.columns],
            totals=sums,
            create_url=self._create_url(),
            querystring=_without_page(self.request.GET),
        )
        context.update(self.records.extra_context(self.parent, self.object_list))
        return context

    def _create_url(self) -> str:
        name = f"{self.records.app}:{self.records.name()}_create"
        return reverse(name) if self.records.parent_model is None else reverse(name, args=[self.parent.pk])


class RecordFormMixin(RecordView):
    roles = EDIT_ROLES

    def get_template_names(self):
        return [self.records.form_template]

    def get_form_class(self):
        return self.records.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(organisation=self.organisation, parent=self.parent, parent_field=self.records.parent_field)
        return kwargs

    def refuse_if_locked(self):
        reason = self.records.locked_reason(self.parent, getattr(self, "object", None))
        if reason:
            messages.error(self.request, reason)
            return redirect(self.records.list_url(self.parent))
        return None

    def get_success_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            return target
        return self.records.list_url(self.records.parent_of(self.object))


class RecordCreateView(RecordFormMixin, CreateView):
    def setup_parent(self):
        self.parent = self.get_parent()
        return self.refuse_if_locked()

    def get(self, request, *args, **kwargs):
        return self.setup_parent() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.setup_parent() or super().post(request, *args, **kwargs)

    def get_initial(self):
        # Links such as "add a guideline to this strategy" pre-fill fields through the query string.
        form_fields = self.records.form_class.base_fields
        return {key: value for key, value in self.request.GET.items() if key in form_fields}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.records.model(**{self.records.parent_field: self.parent})
        return kwargs

    def form_valid(self, form):
        self.object = form.save_checked()
        messages.success(self.request, f"บันทึก{Names.of(self.records, self.organisation).verbose_name} “{self.object}” แล้ว")
        return HttpResponseRedirect(self.get_success_url())


class RecordUpdateView(RecordFormMixin, UpdateView):
    def setup_object(self):
        self.object = self.get_object()
        self.parent = self.records.parent_of(self.object)
        return self.refuse_if_locked()

    def get(self, request, *args, **kwargs):
        return self.setup_object() or self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        refused = self.setup_object()
        if refused:
            return refused
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        try:
            self.object = form.save_checked()
        except StaleEdit:
            return self.stale(form)
        messages.success(self.request, f"บันทึกการแก้ไข “{self.object}” แล้ว")
        return HttpResponseRedirect(self.get_success_url())

    def stale(self, form):
        current = self.get_queryset().filter(pk=self.object.pk).first()
        if current is None:  # deleted meanwhile (by someone, or by an import that replaced the plan's rows)
            messages.error(self.request, f"ยังไม่ได้บันทึก: ระหว่างที่คุณแก้ไข “{self.object}” ถูกลบไปแล้ว (เช่น โดยการนำเข้าไฟล์แทนที่)")
            return redirect(self.records.list_url(self.parent))
        kwargs = {k: v for k, v in self.get_form_kwargs().items() if k in ("organisation", "parent", "parent_field")}
        fresh, conflict = rebind_stale(self.get_form_class(), self.request, current, **kwargs)
        return self.render_to_response(self.get_context_data(form=fresh, **conflict), status=409)


def rebind_stale(form_class, request, current, **kwargs):
    """Someone saved first: bind what this user typed to the current record, and say what differs.

    The user loses nothing: the form keeps their values, carries the current version (so saving
    again deliberately overrides), and lists each field as it is now beside what they typed.
    """
    data = request.POST.copy()
    data["version"] = str(current.version)
    fresh = form_class(data=data, files=request.FILES, instance=current, **kwargs)
    fresh.is_valid()
    conflicts = [
        (
            fresh[name].label,
            display_value(fresh.fields[name], fresh[name].initial),
            display_value(fresh.fields[name], fresh.cleaned_data.get(name, fresh.data.get(name))),
        )
        for name in fresh.changed_data
        if name != "version"
    ]
    last = current.history.select_related("history_user").first()
    who = str(last.history_user) if last and last.history_user else "ผู้ใช้อื่น"
    fresh.add_error(
        None,
        f"ระหว่างที่คุณแก้ไข {who} ได้บันทึกรายการนี้ไปก่อนแล้ว ข้อมูลที่คุณกรอกยังอยู่ครบในฟอร์ม โปรดดูค่าที่ต่างกันด้านล่าง แล้วกด “บันทึก” อีกครั้งถ้าต้องการใช้ค่าของคุณ",
    )
    return fresh, {"conflicts": conflicts, "conflict_by": who, "conflict_at": last.history_date if last else None}


class RecordDeleteView(RecordView, DeleteView):
    roles = EDIT_ROLES
    template_name = "records/confirm_delete.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.parent = self.records.parent_of(obj)
        return obj

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse_if_locked() or self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        refused = self.refuse_if_locked()
        if refused:
            return refused
        try:
            with transaction.atomic():  # a refusal rolls back only the deletion
                self.object.delete()
        except (ProtectedError, RestrictedError) as error:
            context = self.get_context_data(blockers=describe_blockers(error))
            return self.render_to_response(context, status=409)
        messages.success(request, f"ลบ{Names.of(self.records, self.organisation).verbose_name} “{self.object}” แล้ว")
        return HttpResponseRedirect(self.get_success_url())

    refuse_if_locked = RecordFormMixin.refuse_if_locked

    def get_success_url(self):
        return self.records.list_url(self.parent)


def describe_blockers(error: ProtectedError | RestrictedError) -> list[tuple[str, int, list[str]]]:
    """What still refers to the record: (kind, how many, the first few names)."""
    groups: dict[str, list[str]] = {}
    for obj in list(error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects):
        groups.setdefault(str(obj._meta.verbose_name), []).append(str(obj))
    return [(kind, len(names), names[:5]) for kind, names in groups.items()]


def display_value(field: forms.Field, value) -> str:
    """A form value as a person reads it, for the side-by-side view of a stale edit."""
    if value in (None, "", []):
        return "—"
    if isinstance(field, MonthsField):
        mask = value if isinstance(value, int) else thai.months_to_mask(value)
        return thai.describe_months(mask) or "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = value if not hasattr(value, "all") else value.all()
        pks = [getattr(v, "pk", v) for v in items]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=pks)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        obj = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(obj) if obj else "—"
    if isinstance(field, forms.BooleanField):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.DecimalField):
        try:
            return thai.format_amount(thai.parse_amount(value), thai.ARABIC)
        except ValueError:
            return str(value)
    if hasattr(value, "year") and hasattr(field, "widget"):
        return thai.format_date(value, thai.ARABIC)
    return str(value)


def _without_page(query) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()
