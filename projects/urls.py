from projects import records

app_name = "projects"
urlpatterns = [url for kind in records.ALL for url in kind.urls()]
