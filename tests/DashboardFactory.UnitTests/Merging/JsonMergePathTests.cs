using DashboardFactory.Merging;

namespace DashboardFactory.UnitTests.Merging;

public sealed class JsonMergePathTests
{
    [Theory]
    [InlineData("$.theme.css")]
    [InlineData("$.widgets.w1.html")]
    [InlineData("$.widgets.w1.css")]
    [InlineData("$.widgets['op-0042'].html")]
    [InlineData("$.widgets['we.ird'].css")]
    public void ThemeCssAndWidgetHtmlAndCssAreText(string path) => CockpitTextPaths.IsText(path).Should().BeTrue();

    [Theory]
    [InlineData("$")]
    [InlineData("$.title")]
    [InlineData("$.theme")]
    [InlineData("$.widgets.w1.title")]
    [InlineData("$.widgets.w1.config.html")]
    [InlineData("$.widgets.html")]
    [InlineData("$.other.w1.html")]
    [InlineData("widgets.w1.html")]
    [InlineData("$.widgets['unterminated.html")]
    public void EverythingElseIsNotText(string path) => CockpitTextPaths.IsText(path).Should().BeFalse();

    [Theory]
    [InlineData("w1", "$.w1")]
    [InlineData("_x9", "$._x9")]
    [InlineData("we.ird", "$['we.ird']")]
    [InlineData("op-0042", "$['op-0042']")]
    [InlineData("9lives", "$['9lives']")]
    [InlineData("it's", "$['it\\'s']")]
    [InlineData("", "$['']")]
    public void KeysThatAreNotIdentifiersAreBracketed(string key, string path) =>
        JsonMergePath.Child(JsonMergePath.Root, key).Should().Be(path);

    [Theory]
    [InlineData("w1")]
    [InlineData("we.ird")]
    [InlineData("it's")]
    [InlineData("back\\slash']")]
    public void ParsingAChildPathGivesBackItsKey(string key) =>
        JsonMergePath.Parse(JsonMergePath.Child(JsonMergePath.Child(JsonMergePath.Root, "widgets"), key))
            .Should().Equal("widgets", key);
}
