namespace DashboardFactory.Limits;

/// <summary>
/// Whether a string is Unicode text: every surrogate in a pair. JSON's \uXXXX escapes can spell a lone surrogate, which
/// .NET strings hold but UTF-8 cannot encode, so PostgreSQL, the page renderer and every JSON writer would fail on it later.
/// </summary>
public static class UnicodeText
{
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return false;
            }

            i++;
        }

        return true;
    }
}
