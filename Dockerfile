# Production image: gunicorn web, Celery worker and beat share it.
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=pqr_portal.settings
# WeasyPrint's system libraries and a font with Spanish glyphs.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The locked dependencies (exact versions, sha256 hashes: scripts/lock.sh), then the project
# itself without resolving anything again.
COPY requirements/lock.txt requirements/lock.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/lock.txt
COPY . .
RUN pip install --no-cache-dir --no-deps . && useradd --system --uid 1000 pqr && mkdir -p /app/var/media \
    && chown -R pqr /app/var
# collectstatic needs settings that import: a throwaway key, never used at run time.
RUN DATABASE_URL=sqlite:////tmp/build.sqlite3 DJANGO_SECRET_KEY=build-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
    sh -c 'python manage.py collectstatic --noinput && python manage.py compilemessages -v0'
USER pqr
EXPOSE 8000
CMD ["gunicorn", "pqr_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
