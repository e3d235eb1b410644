namespace DashboardFactory.Api.OpenApi;

/// <summary>Endpoint metadata: another media type a status may be answered in (<see cref="OpenApiExtensions.AlsoProduces{T}"/>).</summary>
public sealed record AlternativeContent(int Status, string ContentType, Type Type);
