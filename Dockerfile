# syntax=docker/dockerfile:1
# Images of Dashboard Factory: one shared restore/build stage, one final target per image.
# Build from the repository root:
#   docker build --target api  -t dashboard-factory-api .
#   docker build --target silo -t dashboard-factory-silo .
#
# api:  the ASP.NET Core API. In a container it is normally an Orleans client of the silos
#       (Orleans__Mode=Client, ConnectionStrings__Postgres set); without those it runs the
#       embedded default (in-process silo, in-memory storage, demo data).
# silo: a cluster-mode silo. `docker run ... dashboard-factory-silo migrate` applies the schema
#       and exits; without arguments the container runs a silo. Needs ConnectionStrings__Postgres.

# ------------------------------------------------------------------ build (shared) ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The API's build bundles its browser pages from npm packages (src/Api/ClientApp).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore from the project files and central package settings alone, so that an edit under
# src/ or sql/ reuses this layer.
COPY Directory.*.props DashboardFactory.sln ./
COPY src/Grains.Interfaces/DashboardFactory.Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Grains/DashboardFactory.Grains.csproj src/Grains/
COPY src/Api/DashboardFactory.Api.csproj src/Api/
COPY src/Silo/DashboardFactory.Silo.csproj src/Silo/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/Api/DashboardFactory.Api.csproj -p:UseAppHost=false \
 && dotnet restore src/Silo/DashboardFactory.Silo.csproj -p:UseAppHost=false
# The schema in sql/*.sql is embedded into the Grains assembly at build time.
COPY sql/ sql/
COPY src/ src/
# Compiled once here for both images; the publish stages below only copy the output.
# (No --no-restore/--no-build below: their implicit restore is a no-op, and it fetches the
# packages again should the nuget cache mount have been emptied since this layer was cached.)
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet build src/Api/DashboardFactory.Api.csproj -c Release -p:UseAppHost=false \
 && dotnet build src/Silo/DashboardFactory.Silo.csproj -c Release -p:UseAppHost=false

FROM build AS publish-api
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Api/DashboardFactory.Api.csproj -c Release -o /app -p:UseAppHost=false

FROM build AS publish-silo
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Silo/DashboardFactory.Silo.csproj -c Release -o /app -p:UseAppHost=false

# ------------------------------------------------------------------------------ api ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS api
WORKDIR /app
COPY --from=publish-api /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "DashboardFactory.Api.dll"]

# ----------------------------------------------------------------------------- silo ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=publish-silo /app .
# Silo-to-silo and client gateway ports (defaults; override with Orleans__SiloPort / Orleans__GatewayPort).
EXPOSE 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "DashboardFactory.Silo.dll"]
