using System.Text;

namespace DashboardFactory.Merging;

/// <summary>
/// The JSONPath-like paths conflicts are reported under: <c>$.widgets.w1.title</c>, and keys that are not plain
/// identifiers in brackets, <c>$.widgets['op-0042'].html</c>, so that widget ids with dots or dashes stay unambiguous.
/// </summary>
public static class JsonMergePath
{
    public const string Root = "$";

    public static string Child(string parent, string key)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(key);
        if (IsIdentifier(key))
        {
            return parent + "." + key;
        }

        var path = new StringBuilder(parent.Length + key.Length + 4).Append(parent).Append("['");
        foreach (var c in key)
        {
            if (c is '\'' or '\\')
            {
                path.Append('\\');
            }

            path.Append(c);
        }

        return path.Append("']").ToString();
    }

    /// <summary>The keys of a path written by <see cref="Child"/>, or null when it is not such a path.</summary>
    public static IReadOnlyList<string>? Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var keys = new List<string>();
        var i = Root.Length;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] != '.' && path[i] != '[')
                {
                    i++;
                }

                var key = path[start..i];
                if (!IsIdentifier(key))
                {
                    return null;
                }

                keys.Add(key);
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                i += 2;
                var key = new StringBuilder();
                while (true)
                {
                    if (i >= path.Length)
                    {
                        return null;
                    }

                    if (path[i] == '\\' && i + 1 < path.Length)
                    {
                        key.Append(path[i + 1]);
                        i += 2;
                    }
                    else if (path[i] == '\'' && i + 1 < path.Length && path[i + 1] == ']')
                    {
                        i += 2;
                        break;
                    }
                    else
                    {
                        key.Append(path[i++]);
                    }
                }

                keys.Add(key.ToString());
            }
            else
            {
                return null;
            }
        }

        return keys;
    }

    // ASCII only, so a path reads the same whatever the reader's culture.
    private static bool IsIdentifier(string key)
    {
        if (key.Length == 0 || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
