from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("barriers/", views.barriers, name="barriers"),
    path("barriers/raise/", views.raise_barrier, name="raise"),
    path("barriers/export.csv", views.export_csv, name="export"),
    path("barriers/report/", views.report, name="report"),
    path("barriers/<int:pk>/", views.barrier, name="barrier"),
    path("barriers/<int:pk>/status/", views.change_status, name="change_status"),
    path("barriers/<int:pk>/affected/", views.add_affected, name="add_affected"),
    path("barriers/<int:pk>/update/", views.add_update, name="add_update"),
    path("barriers/<int:pk>/summary/", views.write_summary, name="write_summary"),
    path("barriers/<int:pk>/summary/approve/", views.approve_summary, name="approve_summary"),
    path("barriers/<int:pk>/summary/withdraw/", views.withdraw_summary, name="withdraw_summary"),
]
