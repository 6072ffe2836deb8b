# Livret: the Telegram bot, with LibreOffice for the PDF editions and unoserver to keep one
# LibreOffice warm (compose.yaml runs it as a second service from this same image).
# Data (database, proofs) lives on the volume /data; the process runs as the user "livret".
FROM python:3.11-slim-bookworm

# LibreOffice (PDF) and the Liberation fonts its templates name (only recommended by
# Debian, so asked for here); Debian's python3-uno, which unoserver needs; a colour emoji
# font for what agents type; Tesseract with its French data, which reads photographed
# attestations; tini so that SIGTERM reaches the bot and its children are reaped.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui fonts-liberation2 python3-uno python3-venv \
        fonts-noto-color-emoji tesseract-ocr tesseract-ocr-fra tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY documents ./documents
COPY livret ./livret
COPY reading ./reading
COPY storage ./storage
COPY templates ./templates
COPY samples ./samples
# Editable: the templates are read from /app/templates, beside the code.
RUN pip install --no-cache-dir -e .

# unoserver under Debian's Python (the one with uno), the same version as the bot's client.
RUN version=$(python -c "import importlib.metadata as m; print(m.version('unoserver'))") \
    && /usr/bin/python3 -m venv --system-site-packages /opt/unoserver \
    && /opt/unoserver/bin/pip install --no-cache-dir "unoserver==${version}"

RUN useradd --system --create-home --home-dir /home/livret --uid 10001 livret \
    && mkdir -m 0700 /data && chown livret:livret /data
USER livret
ENV LIVRET_DATA_DIR=/data \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
# The webhook server's port, when LIVRET_WEBHOOK_URL is set.
EXPOSE 8443

ENTRYPOINT ["/usr/bin/tini", "--", "livret"]
CMD ["run"]
