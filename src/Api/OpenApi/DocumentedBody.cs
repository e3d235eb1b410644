namespace DashboardFactory.Api.OpenApi;

/// <summary>Endpoint metadata: the schema and media types of a body the handler reads itself (<see cref="OpenApiExtensions.WithBodySchema{T}"/>).</summary>
public sealed record DocumentedBody(Type Type, IReadOnlyList<string> ContentTypes);
