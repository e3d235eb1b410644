using System.Text.Json;

namespace DashboardFactory.Api.Limits;

/// <summary>
/// Whether every string and property name of a JSON body is Unicode text. JSON's grammar lets <c>"\ud800"</c> through
/// and a reader only fails when the string is materialized, deep inside a handler or a grain (a 500); checking the body
/// once at the edge turns all of those into one 400.
/// </summary>
public static class JsonBodyText
{
    /// <summary>
    /// False with the JSON path of the first string that is not Unicode text (a lone surrogate escape or invalid UTF-8).
    /// True for bodies that are not JSON at all: the handler's own parser refuses those with its own message.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> json, out string? path)
    {
        path = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        string? property = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                if (reader.ValueIsEscaped || !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
                {
                    try
                    {
                        var text = reader.GetString();
                        if (reader.TokenType == JsonTokenType.PropertyName)
                        {
                            property = text;
                        }
                    }
                    catch (InvalidOperationException)
                    {
                        path = reader.TokenType == JsonTokenType.PropertyName || property is null ? "$" : $"$.{property}";
                        return false;
                    }
                }
                else if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: left to the endpoint, which says what is wrong with it.
        }

        return true;
    }
}
