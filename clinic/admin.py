"""Practice admins manage therapists (Django's user admin) and the exercise library here.

Client data (couples, answers, plans) is deliberately not registered. The access
log is readable but can be neither changed nor deleted.
"""

from django.contrib import admin
from django.http import HttpRequest

from clinic.models import AccessLog, Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "approach", "stage", "joint", "paused_by_safety"]
    list_filter = ["approach", "joint", "paused_by_safety"]
    search_fields = ["key", "name", "purpose"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "couple_id", "address"]
    list_filter = ["action"]
    search_fields = ["username", "couple_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
