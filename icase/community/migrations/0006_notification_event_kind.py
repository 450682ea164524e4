from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0005_thread_visits"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reply", "Replies"),
                    ("mention", "Mentions"),
                    ("question", "Questions to you"),
                    ("new-thread", "New threads"),
                    ("answer", "Answers"),
                    ("moderation", "Moderation"),
                    ("membership", "Networks"),
                    ("review", "Content reviews"),
                    ("event", "Events"),
                ],
                max_length=20,
            ),
        ),
    ]
