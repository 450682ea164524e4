from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("community/", views.index, name="index"),
    path("community/new/", views.new_thread, name="new_thread"),
    path("community/yours/", views.your_discussions, name="your_discussions"),
    path("community/c/<slug:slug>/", views.category, name="category"),
    path("community/c/<slug:slug>/join/", views.join_network, name="join_network"),
    path("community/c/<slug:slug>/members/", views.network_members, name="network_members"),
    path("community/t/<int:pk>/", views.thread, name="thread_short"),
    path("community/t/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("community/reply/<int:pk>/", views.reply, name="reply"),
    path("community/p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("community/p/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("community/p/<int:pk>/helpful/", views.helpful, name="helpful"),
    path("community/p/<int:pk>/answer/", views.accept_answer, name="accept_answer"),
    path("community/p/<int:pk>/flag/", views.flag_post, name="flag_post"),
    path("community/p/<int:pk>/history/", views.post_history, name="post_history"),
    path("community/follow/<str:kind>/<str:key>/", views.follow, name="follow"),
    path("community/moderation/", views.moderation_queue, name="moderation"),
    path("community/moderation/log/", views.moderation_log, name="moderation_log"),
    path("community/moderation/p/<int:pk>/<str:action>/", views.moderate_post, name="moderate_post"),
    path("community/moderation/t/<int:pk>/<str:action>/", views.moderate_thread, name="moderate_thread"),
    path("community/moderation/member/<str:username>/suspend/", views.suspend_member, name="suspend_member"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("members/", views.directory, name="directory"),
    path("members/<str:username>/", views.member, name="member"),
    path("accounts/profile/", views.edit_profile, name="profile"),
]
