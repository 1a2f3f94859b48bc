# METL Explorer: the Streamlit app on a slim Python, run by a user who cannot change it.
# The base image is pinned by version (bump it on purpose, then rebuild and rerun the tests).
FROM python:3.11.13-slim-bookworm

# A replica has one CPU (compose.yaml): one BLAS/OpenMP thread each, no oversubscription.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1

RUN useradd --create-home --uid 10001 metl
WORKDIR /app

# Exact versions with their hashes: requirements.lock, made from requirements.txt by
# pip-compile --generate-hashes (see its header). Dependencies first, so a code change
# does not reinstall them.
COPY requirements.lock .
RUN pip install --require-hashes --no-deps -r requirements.lock

# The app's files stay root's, and nobody may write them: the runtime user only reads.
COPY app.py ./
COPY metl_core/ metl_core/
COPY pages/ pages/
COPY .streamlit/ .streamlit/
RUN chmod -R a-w /app

# Ask the class keeps its polls in SQLite here unless METL_DATABASE_URL names a database
# (compose.yaml gives the replicas PostgreSQL): the one folder the runtime user may write.
# For a single container, mount it to keep the polls across restarts: -v metl-polls:/data
ENV METL_DATA_DIR=/data
RUN install -d -o metl -g metl -m 0700 /data

USER metl
EXPOSE 8501

# Streamlit's own liveness endpoint; Python is used because the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).status != 200)"

CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
