using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;

namespace DashboardFactory.UnitTests.Cockpits;

public sealed class JsonMergePatchTests
{
    // The examples of RFC 7396, appendix A.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void FollowsTheExamplesOfRfc7396(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        (result?.ToJsonString() ?? "null").Should().Be(JsonNode.Parse(expected)?.ToJsonString() ?? "null");
    }

    [Fact]
    public void NeverChangesItsInputs()
    {
        var target = JsonNode.Parse("""{"widgets":{"w1":{"x":1}}}""");
        var patch = JsonNode.Parse("""{"widgets":{"w1":{"x":2},"w2":null}}""");
        var (targetText, patchText) = (target!.ToJsonString(), patch!.ToJsonString());

        JsonMergePatch.Apply(target, patch);

        target.ToJsonString().Should().Be(targetText);
        patch.ToJsonString().Should().Be(patchText);
    }
}
