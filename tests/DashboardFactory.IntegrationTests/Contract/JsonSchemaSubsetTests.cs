using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>The contract tests' schema validator, on the constructs ASP.NET Core's OpenAPI generator emits.</summary>
public sealed class JsonSchemaSubsetTests
{
    private const string Document = """
        {
          "components": {
            "schemas": {
              "Item": {
                "type": "object",
                "required": ["id", "version", "at"],
                "properties": {
                  "id": { "type": "string", "pattern": "^[a-z]+$" },
                  "version": { "type": ["null", "string"] },
                  "count": { "type": ["integer", "string"], "format": "int32" },
                  "at": { "type": "string", "format": "date-time" },
                  "stage": { "enum": ["experimental", "approved"] },
                  "tags": { "type": "array", "items": { "type": "string" } },
                  "byVersion": { "type": "object", "additionalProperties": { "type": "integer" } },
                  "next": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Item" }] },
                  "config": { }
                }
              },
              "Closed": { "type": "object", "properties": { "a": { "type": "number" } }, "additionalProperties": false },
              "Legacy": { "type": "string", "nullable": true }
            }
          }
        }
        """;

    private static readonly JsonSchemaSubset Validator = new(JsonDocument.Parse(Document).RootElement);

    private static IReadOnlyList<string> Check(string schemaName, string json) =>
        Validator.Validate(Validator.Resolve($"#/components/schemas/{schemaName}"), JsonDocument.Parse(json).RootElement);

    [Fact]
    public void AValueThatFollowsTheSchemaHasNoProblems()
    {
        Check("Item", """
            {"id": "a", "version": null, "count": 3, "at": "2026-11-30T08:00:00.123+00:00", "stage": "approved", "tags": ["x"],
             "byVersion": {"1.0.0": 2}, "next": {"id": "b", "version": "1.0.0", "at": "2026-11-30T08:00:00Z"}, "config": [1, {"any": true}]}
            """).Should().BeEmpty();
    }

    [Fact]
    public void AMissingRequiredPropertyIsNamedByItsPath()
    {
        Check("Item", """{"id": "a", "at": "2026-11-30T08:00:00Z"}""").Should().Equal("$.version: required, but missing");
    }

    [Fact]
    public void AWrongTypeNamesThePathTheExpectedTypesAndTheValue()
    {
        Check("Item", """{"id": "a", "version": 7, "at": "2026-11-30T08:00:00Z"}""").Should().Equal("$.version: expected null or string, got integer 7");
    }

    [Fact]
    public void AFractionIsNotAnInteger()
    {
        Check("Item", """{"id": "a", "version": null, "at": "2026-11-30T08:00:00Z", "count": 1.5}""")
            .Should().Equal("$.count: expected integer or string, got number 1.5");
    }

    [Fact]
    public void ItemsAndAdditionalPropertiesAreCheckedOneByOne()
    {
        Check("Item", """{"id": "a", "version": null, "at": "2026-11-30T08:00:00Z", "tags": ["x", 2], "byVersion": {"1": "two"}}""")
            .Should().Equal("$.tags[1]: expected string, got integer 2", "$.byVersion.1: expected integer, got string \"two\"");
    }

    [Fact]
    public void AClosedObjectRefusesPropertiesItDoesNotName()
    {
        Check("Closed", """{"a": 1, "b": 2}""").Should().Equal("$.b: not a property the schema allows");
    }

    [Fact]
    public void EnumPatternAndDateTimeAreEnforced()
    {
        Check("Item", """{"id": "A1", "version": null, "at": "30/11/2026", "stage": "legendary"}""").Should().BeEquivalentTo(
            "$.id: \"A1\" does not match ^[a-z]+$",
            "$.at: \"30/11/2026\" is not an RFC 3339 date-time",
            "$.stage: \"legendary\" is not one of [\"experimental\", \"approved\"]");
    }

    [Fact]
    public void OneOfFollowsReferencesAndNamesEveryAlternativesFirstProblem()
    {
        var problems = Check("Item", """{"id": "a", "version": null, "at": "2026-11-30T08:00:00Z", "next": {"id": "b"}}""");

        problems.Should().ContainSingle().Which.Should().StartWith("$.next: matches none of oneOf: $.next: expected null, got object | $.next.version: required, but missing");
    }

    [Fact]
    public void OpenApi30NullableAllowsNull()
    {
        Check("Legacy", "null").Should().BeEmpty();
        Check("Legacy", "1").Should().Equal("$: expected string or null, got integer 1");
    }

    [Fact]
    public void AnEmptySchemaAllowsAnything()
    {
        Validator.Validate(JsonDocument.Parse("{}").RootElement, JsonDocument.Parse("""[1, "two", {"three": null}]""").RootElement).Should().BeEmpty();
    }

    [Fact]
    public void AReferenceToNothingIsAnError()
    {
        var act = () => Validator.Resolve("#/components/schemas/Nothing");

        act.Should().Throw<KeyNotFoundException>().WithMessage("*#/components/schemas/Nothing*");
    }
}
