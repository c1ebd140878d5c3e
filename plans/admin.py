"""Django admin for the system administrator: every model, with its history."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from plans import models


class UnitInline(admin.TabularInline):
    model = models.Unit
    extra = 0


class VillageInline(admin.TabularInline):
    model = models.Village
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "full_name", "district", "province", "digit_style"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name", "district", "province"]
    inlines = [UnitInline, VillageInline]


@admin.register(models.User)
class MemberAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "organisation"]
    fieldsets = UserAdmin.fieldsets + (("อปท. และบทบาท", {"fields": ("organisation", "role")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("อปท. และบทบาท", {"fields": ("organisation", "role")}),)


@admin.register(models.RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    """Role changes are a record: read, never edited."""

    list_display = ["changed_at", "user", "organisation", "from_role", "to_role", "changed_by"]
    list_filter = ["organisation", "to_role"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Unit, models.Village)
class OrganisationPartAdmin(SimpleHistoryAdmin):
    list_filter = ["organisation"]


@admin.register(models.Sector, models.Programme, models.ExpenseGroup, models.ExpenseCategory)
class ReferenceAdmin(admin.ModelAdmin):
    pass


class GuidelineInline(admin.TabularInline):
    model = models.Guideline
    extra = 0


@admin.register(models.StrategicPlan)
class StrategicPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation"]
    list_filter = ["organisation"]


@admin.register(models.Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "strategic_plan"]
    list_filter = ["strategic_plan__organisation"]
    inlines = [GuidelineInline]


@admin.register(models.Guideline)
class GuidelineAdmin(SimpleHistoryAdmin):
    list_filter = ["strategy__strategic_plan__organisation"]


@admin.register(models.DevelopmentPlan)
class DevelopmentPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "approved_on"]
    list_filter = ["organisation", "length"]


@admin.register(models.PlanAmendment)
class PlanAmendmentAdmin(SimpleHistoryAdmin):
    list_filter = ["development_plan__organisation"]


class PlanProjectBudgetInline(admin.TabularInline):
    model = models.PlanProjectBudget
    extra = 0


@admin.register(models.PlanProject)
class PlanProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "development_plan", "strategy", "programme", "unit"]
    list_filter = ["development_plan__organisation", "programme"]
    search_fields = ["name"]
    list_select_related = ["development_plan", "strategy", "programme", "unit"]
    inlines = [PlanProjectBudgetInline]


@admin.register(models.PlanProjectBudget)
class PlanProjectBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["project", "fiscal_year", "amount", "source"]


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0
    raw_id_fields = ["plan_project"]


@admin.register(models.BudgetOrdinance)
class BudgetOrdinanceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "enacted_on"]
    list_filter = ["organisation", "kind", "fiscal_year"]
    inlines = [BudgetLineInline]


@admin.register(models.BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["item", "ordinance", "programme", "category", "amount", "drafting"]
    list_filter = ["ordinance__organisation", "category", "drafting"]
    search_fields = ["item"]
    raw_id_fields = ["plan_project"]


@admin.register(models.OperationalPlan)
class OperationalPlanAdmin(SimpleHistoryAdmin):
    """A plan's status moves only through its steps (submit, approve, announce), never by hand here;
    an announced plan is a published legal document, shown read-only."""

    list_display = ["__str__", "organisation", "status"]
    list_filter = ["organisation", "status", "fiscal_year"]
    readonly_fields = ["status"]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.is_announced)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_announced)


@admin.register(models.NameMapping)
class NameMappingAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "kind", "text", "target"]
    list_filter = ["kind", "organisation"]
    search_fields = ["text", "key"]


@admin.register(models.PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "filename", "user", "created_at"]
    list_filter = ["kind"]
    exclude = ["content"]
    readonly_fields = ["organisation", "user", "kind", "target_id", "options", "choices", "filename", "created_at"]


@admin.register(models.Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs, to see what the workers are doing and why a job failed (read-only)."""

    list_display = ["title", "organisation", "status", "steps_done", "steps_total", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "message"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
