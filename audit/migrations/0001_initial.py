"""The audit trail moves from ``referrals`` to its own app: state only.

The table ``referrals_auditevent``, its rows, indexes and append-only triggers
stay exactly as they are; only Django's idea of which app owns the model moves
(``referrals.0006`` removes it from ``referrals``' state).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("referrals", "0005_audit_trail_append_only_on_sqlite"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='tidpunkt')),
                ('action', models.CharField(choices=[('contact_submitted', 'Kontakt registrerad'), ('contact_viewed', 'Kontakt visad'), ('contact_printed', 'Kontakt utskriven'), ('handout_printed', 'Informationsblad till anhörig utskrivet'), ('draft_deleted', 'Utkast raderat'), ('drafts_purged', 'Gamla utkast gallrade'), ('referral_viewed', 'Hänvisning visad'), ('referral_received', 'Hänvisning mottagen'), ('referral_accepted', 'Hänvisning accepterad'), ('referral_declined', 'Hänvisning avböjd'), ('referral_forwarded', 'Hänvisning vidarebefordrad'), ('first_talk_booked', 'Första samtal bokat'), ('referral_in_progress', 'Stödet pågår'), ('referral_closed', 'Hänvisning avslutad'), ('external_outcome_recorded', 'Utfall hos extern mottagare'), ('session_logged', 'Stödsamtal registrerat'), ('consent_withdrawn', 'Samtycke återkallat'), ('statistics_viewed', 'Statistik visad'), ('statistics_exported', 'Statistik exporterad'), ('statistics_computed', 'Statistik beräknad'), ('retention_applied', 'Gallring utförd'), ('draft_check_viewed', 'Utkastets sammanställning visad'), ('access_refused', 'Åtkomst nekad'), ('signed_in', 'Inloggning'), ('sign_in_failed', 'Misslyckad inloggning'), ('locked_out', 'Konto spärrat efter misslyckade inloggningar'), ('signed_out', 'Utloggning'), ('two_factor_verified', 'Engångskod godkänd'), ('two_factor_failed', 'Fel engångskod'), ('two_factor_added', 'Tvåfaktorsenhet tillagd'), ('two_factor_removed', 'Tvåfaktorsenhet borttagen'), ('two_factor_reset', 'Tvåfaktorsinloggning återställd'), ('recovery_codes_created', 'Reservkoder skapade'), ('recovery_code_used', 'Reservkod använd'), ('user_created', 'Användare skapad'), ('user_changed', 'Användarkonto ändrat'), ('roles_changed', 'Roller ändrade'), ('workplace_changed', 'Arbetsplats ändrad'), ('password_changed', 'Lösenord bytt')], max_length=40, verbose_name='händelse')),
                ('contact_reference', models.CharField(blank=True, db_index=True, max_length=20, verbose_name='kontakt')),
                ('referral_reference', models.CharField(blank=True, db_index=True, max_length=24, verbose_name='hänvisning')),
                ('details', models.JSONField(blank=True, default=dict, verbose_name='detaljer')),
                ('client_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='klientadress')),
                ('session_hash', models.CharField(blank=True, db_default='', default='', max_length=32, verbose_name='session')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vem')),
                ('subject_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='gäller användare')),
            ],
            options={
                'verbose_name': 'loggad händelse',
                'verbose_name_plural': 'granskningslogg',
                'db_table': 'referrals_auditevent',
                'ordering': ['-at'],
            },
        ),
            ],
        ),
    ]
