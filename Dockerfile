# Production image: gunicorn serving ICASE with static files compiled from nhsuk-frontend.
FROM node:20-slim AS static
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts ./scripts
COPY icase/static_src ./icase/static_src
RUN mkdir -p icase/static && node scripts/build-static.mjs

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=icase.settings.production
WORKDIR /app
RUN useradd --create-home --uid 1000 icase
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=static /app/icase/static/css icase/static/css
COPY --from=static /app/icase/static/vendor icase/static/vendor
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R icase:icase /app/var
USER icase
EXPOSE 8000
CMD ["gunicorn", "icase.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "30", "--access-logfile", "-"]
