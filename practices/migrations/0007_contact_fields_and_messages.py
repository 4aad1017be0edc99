"""Contact of each practice (helper "contact"): who to write to, and the copies of the messages."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0006_transfer_adaptation_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='practice',
            name='contact_email',
            field=models.EmailField(blank=True, help_text="Never shown on the site nor published: the messages visitors write through the site's form are sent to this address.", max_length=254, verbose_name="contact's e-mail address"),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='contact person'),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_organisation',
            field=models.CharField(blank=True, help_text='For example “City of Lisbon, department of social rights”.', max_length=200, verbose_name="contact's organisation"),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_organisation_en',
            field=models.CharField(blank=True, help_text='For example “City of Lisbon, department of social rights”.', max_length=200, null=True, verbose_name="contact's organisation"),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_organisation_fr',
            field=models.CharField(blank=True, help_text='For example “City of Lisbon, department of social rights”.', max_length=200, null=True, verbose_name="contact's organisation"),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_role',
            field=models.CharField(blank=True, help_text='For example “Intercultural policy officer”.', max_length=200, verbose_name="contact's role"),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_role_en',
            field=models.CharField(blank=True, help_text='For example “Intercultural policy officer”.', max_length=200, null=True, verbose_name="contact's role"),
        ),
        migrations.AddField(
            model_name='practice',
            name='contact_role_fr',
            field=models.CharField(blank=True, help_text='For example “Intercultural policy officer”.', max_length=200, null=True, verbose_name="contact's role"),
        ),
        migrations.AddField(
            model_name='practice',
            name='show_contact',
            field=models.BooleanField(default=True, help_text='Untick to show no contact on the page, neither the person nor the contact details: visitors then cannot write to anyone.', verbose_name='show the contact'),
        ),
        migrations.CreateModel(
            name='ContactMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('practice_title', models.CharField(max_length=300, verbose_name='practice title')),
                ('sender_name', models.CharField(max_length=150, verbose_name="sender's name")),
                ('sender_email', models.EmailField(max_length=254, verbose_name="sender's e-mail address")),
                ('message', models.TextField(verbose_name='message')),
                ('language', models.CharField(choices=[('en', 'English'), ('fr', 'French')], max_length=10, verbose_name='language')),
                ('recipient_email', models.EmailField(max_length=254, verbose_name='sent to')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='written')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mailed')),
                ('practice', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contact_messages', to='practices.practice', verbose_name='practice')),
            ],
            options={
                'verbose_name': 'message to a contact',
                'verbose_name_plural': 'messages to contacts',
                'ordering': ['-created_at', '-pk'],
            },
        ),
    ]
