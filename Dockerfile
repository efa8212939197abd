# The dashboard behind gunicorn. Build: docker build -t routes-dashboard .
# Run: docker run -p 8050:8050 routes-dashboard   (then put a reverse proxy with TLS in front of it)
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app.py ./
COPY core core
COPY figures figures
COPY layouts layouts
COPY callbacks callbacks
COPY web web
COPY assets assets
COPY data data
COPY docs docs
COPY scripts/gunicorn_conf.py scripts/gunicorn_conf.py
RUN pip install --no-cache-dir -e . && useradd --system dashboard
USER dashboard
ENV HOST=0.0.0.0 PORT=8050
EXPOSE 8050
CMD ["gunicorn", "--config", "scripts/gunicorn_conf.py", "app:create_app()"]
