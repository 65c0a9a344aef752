app_name = "restructuring"
urlpatterns: list = []
