using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>How an answer is matched to its operation and response in an OpenAPI document.</summary>
public sealed class ContractDocumentTests
{
    private static readonly ContractDocument Document = new(JsonDocument.Parse("""
        {
          "paths": {
            "/api/cockpits/{id}": {
              "get": { "responses": {
                "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Cockpit" } } } },
                "304": { "description": "Not modified" },
                "404": { "content": { "application/problem+json": { "schema": { "type": "object", "required": ["status"] } } } } } }
            },
            "/api/cockpits/{id}/widgets/data": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { } } } } } } },
            "/api/cockpits/{id}/widgets/{widgetId}/data": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { } } } } } } },
            "/api/streams/kpis/{code}": { "get": { "responses": { "200": { "content": { "text/event-stream": { "schema": { "type": "string" } } } } } } }
          },
          "components": { "schemas": { "Cockpit": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } } } }
        }
        """).RootElement);

    [Fact]
    public void APathFindsTheOperationWithTheMostLiteralSegments()
    {
        Document.Find("GET", "/api/cockpits/c-1/widgets/data")!.Template.Should().Be("/api/cockpits/{id}/widgets/data");
        Document.Find("get", "/api/cockpits/c-1/widgets/w-1/data")!.Template.Should().Be("/api/cockpits/{id}/widgets/{widgetId}/data");
        Document.Find("GET", "/api/cockpits/c-1/")!.Template.Should().Be("/api/cockpits/{id}");
        Document.Find("DELETE", "/api/cockpits/c-1").Should().BeNull();
        Document.Find("GET", "/api/nothing").Should().BeNull();
    }

    [Fact]
    public void AConformingAnswerHasNoProblems()
    {
        var get = Document.Find("GET", "/api/cockpits/c-1")!;

        Document.Check(get, 200, "application/json; charset=utf-8", """{"id": "c-1"}""").Should().BeEmpty();
        Document.Check(get, 304, null, string.Empty).Should().BeEmpty();
        Document.Check(get, 404, "application/problem+json", """{"status": 404}""").Should().BeEmpty();
    }

    [Fact]
    public void AMismatchNamesTheOperationTheStatusAndTheJsonPath()
    {
        var get = Document.Find("GET", "/api/cockpits/c-1")!;

        Document.Check(get, 200, "application/json", """{"name": "c-1"}""").Should().Equal("GET /api/cockpits/{id} 200 $.id: required, but missing");
        Document.Check(get, 403, "application/problem+json", "{}").Should().Equal("GET /api/cockpits/{id} 403: status not declared (declared: 200, 304, 404)");
        Document.Check(get, 404, "application/json", """{"status": 404}""").Should().Equal("GET /api/cockpits/{id} 404: answered application/json, but the document declares application/problem+json");
        Document.Check(get, 200, "application/json", "{not json").Should().ContainSingle().Which.Should().StartWith("GET /api/cockpits/{id} 200: the application/json body is not JSON");
        Document.Check(get, 304, "text/plain", "changed").Should().Equal("GET /api/cockpits/{id} 304: answered text/plain (7 characters), but the document declares no content");
    }

    [Fact]
    public void AStreamIsCheckedByItsMediaTypeOnly()
    {
        var stream = Document.Find("GET", "/api/streams/kpis/k-1")!;

        Document.Check(stream, 200, "text/event-stream", string.Empty).Should().BeEmpty();
        Document.Check(stream, 200, "application/json", "{}").Should().ContainSingle().Which.Should().Contain("declares text/event-stream");
    }
}
