using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>POST /graphql from tests.</summary>
public static class GraphQLHttp
{
    public static async Task<JsonElement> GraphQLAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The data of a result that must have no errors.</summary>
    public static async Task<JsonElement> DataAsync(this HttpClient client, string query, object? variables = null)
    {
        var result = await client.GraphQLAsync(query, variables);
        result.TryGetProperty("errors", out var errors).Should().BeFalse("the query {0} is valid; errors: {1}", query, errors.ToString());
        return result.GetProperty("data");
    }

    /// <summary>extensions.code of the first error.</summary>
    public static string ErrorCode(this JsonElement result) =>
        result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;
}
