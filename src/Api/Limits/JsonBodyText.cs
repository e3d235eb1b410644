using System.Text.Json;

namespace DashboardFactory.Api.Limits;

/// <summary>
/// Whether a JSON body is text that every reader of it agrees on: every string and property name Unicode text, and no
/// object naming a member twice. JSON's grammar lets <c>"\ud800"</c> and <c>{"a":1,"a":2}</c> through, and a reader
/// only fails when the string is materialized or the object indexed (JsonObject throws on a second "a"), deep inside a
/// handler or a grain: a 500. Checking the body once at the edge turns all of those into one 400.
/// </summary>
public static class JsonBodyText
{
    public const string NotUnicode = "Must be Unicode text: a \\uD800-\\uDFFF escape must be half of a surrogate pair, and the body must be UTF-8.";

    public const string DuplicateMember = "A member name may appear only once in an object.";

    /// <summary>
    /// False with the JSON path of the first string that is not Unicode text (a lone surrogate escape or invalid UTF-8)
    /// or of the first member named twice in its object, and which of the two it is. True for bodies that are not JSON
    /// at all: the handler's own parser refuses those with its own message.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> json, out string? path, out string? problem)
    {
        path = null;
        problem = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var members = new Stack<HashSet<string>?>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        members.Push(new HashSet<string>(StringComparer.Ordinal));
                        continue;
                    case JsonTokenType.StartArray:
                        members.Push(null);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        members.Pop();
                        continue;
                    case not (JsonTokenType.String or JsonTokenType.PropertyName):
                        continue;
                }

                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    path = reader.TokenType == JsonTokenType.PropertyName || property is null ? "$" : $"$.{property}";
                    problem = NotUnicode;
                    return false;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                property = text;
                if (members.TryPeek(out var names) && names is not null && !names.Add(text))
                {
                    path = $"$.{text}";
                    problem = DuplicateMember;
                    return false;
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
