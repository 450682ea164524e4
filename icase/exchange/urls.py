from django.urls import path

from . import evidence_views, progress_views, support_views, views

app_name = "exchange"

urlpatterns = [
    path("barriers/", views.barriers, name="barriers"),
    path("barriers/raise/", views.raise_barrier, name="raise"),
    path("barriers/export.csv", views.export_csv, name="export"),
    path("barriers/report/", views.report, name="report"),
    path("barriers/<int:pk>/", views.barrier, name="barrier"),
    path("barriers/<int:pk>/status/", views.change_status, name="change_status"),
    path("barriers/<int:pk>/affected/", views.add_affected, name="add_affected"),
    path("barriers/follow/", views.follow_list, name="follow_list"),
    path("barriers/<int:pk>/follow/", views.follow, name="follow"),
    path("barriers/<int:pk>/evidence/", evidence_views.add_document, name="add_evidence"),
    path("barriers/<int:pk>/evidence/<int:document_pk>/", evidence_views.download, name="evidence_document"),
    path(
        "barriers/<int:pk>/evidence/<int:document_pk>/remove/", evidence_views.remove, name="remove_evidence"
    ),
    path("barriers/<int:pk>/update/", views.add_update, name="add_update"),
    path("barriers/<int:pk>/summary/", views.write_summary, name="write_summary"),
    path("barriers/<int:pk>/summary/approve/", views.approve_summary, name="approve_summary"),
    path("barriers/<int:pk>/summary/withdraw/", views.withdraw_summary, name="withdraw_summary"),
    path("support/", support_views.support_list, name="support"),
    path("support/new/", support_views.new_request, name="new_support_request"),
    path("support/<int:pk>/", support_views.support_request, name="support_request"),
    path("support/<int:pk>/<slug:action>/", support_views.act, name="support_action"),
    path("progress/", progress_views.programme_matrix, name="progress"),
    path("progress/export.csv", progress_views.programme_csv, name="progress_export"),
    path("progress/reports/<int:pk>/", progress_views.progress_report, name="progress_report"),
    path("progress/<slug:slug>/", progress_views.pioneer_progress, name="pioneer_progress"),
    path("progress/<slug:slug>/report/", progress_views.submit_report, name="submit_report"),
]
