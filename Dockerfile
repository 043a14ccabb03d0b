FROM python:3.11-slim
WORKDIR /app
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
RUN uv sync --frozen --no-dev
ENV REGISTER_DATABASE_URL=sqlite:////data/register.db
EXPOSE 8000
CMD ["uv", "run", "--frozen", "--no-dev", "register", "serve", "--host", "0.0.0.0", "--port", "8000", "--demo"]
