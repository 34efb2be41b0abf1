from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Consultants"
# Consultants read their clients' data and write only their own recommendations.
VIEW = (
    "organisation",
    "membership",
    "invitation",
    "round",
    "response",
    "answer",
    "teamresult",
    "responsenumbers",
    "action",
    "reminder",
    "questionnaire",
    "part",
    "question",
    "choice",
)
WRITE = ("advice",)


def _ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def make_group(Group, Permission):
    codenames = [f"view_{model}" for model in VIEW] + [
        f"{action}_{model}" for model in WRITE for action in ("view", "add", "change")
    ]
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="assessments", codename__in=codenames
        )
    )


def add_group(apps, schema_editor):
    _ensure_permissions(apps)
    make_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_consultants"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
