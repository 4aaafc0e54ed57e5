"""The one environment reader of the project (django-environ)."""

import environ

env = environ.Env()
