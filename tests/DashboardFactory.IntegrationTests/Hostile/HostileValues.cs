namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// The catalogues every generator draws from. JSON values are JSON text, so a catalogue can hold what a serializer would
/// never write: lone surrogate escapes, bare <c>NaN</c>, numbers beyond double, raw control characters.
/// </summary>
public static class HostileValues
{
    /// <summary>Strings as JSON literals (quotes included).</summary>
    public static readonly string[] JsonStrings =
    [
        "\"\"", "\" \"", "\"\\t\\r\\n\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0001\\u001f\\u007f\"", "\"\\u0085\\u2028\\u2029\"",
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\udc00b\"", "\"\\udbff\\udbff\"", "\"\\ud83d\"",
        "\"../../../../etc/passwd\"", "\"..\\\\..\\\\windows\\\\win.ini\"", "\"%2e%2e%2f%2e%2e%2f\"", "\"/\"", "\"a/b\"", "\"%00\"", "\"....//\"",
        "\"café\"", "\"Ｆｕｌｌｗｉｄｔｈ\"", "\"\\u202egnp.exe\"", "\"👩‍👩‍👧‍👦\"", "\"\\ufeffbom\"", "\"Z̴̡̛a̷l̵g̷o̸\"", "\"שלום\"", "\"İı\"",
        "\"<script>alert(1)</script>\"", "\"\\\"><img src=x onerror=alert(1)>\"", "\"'; DROP TABLE cockpits; --\"", "\"{{7*7}}\"", "\"${jndi:ldap://x/a}\"",
        "\"%s%s%n%x\"", "\"\\\\\"", "\"javascript:alert(1)\"", "\"NaN\"", "\"Infinity\"", "\"-1\"", "\"1e308\"", "\"0x7fffffff\"",
        "\"admin\"", "\"ADMIN\"", "\".\"", "\"..\"", "\"a b\"", "\"a:b\"", "\"-leading\"", "\"" + new string('a', 64) + "\"", "\"" + new string('a', 65) + "\"",
        "\"" + new string('x', 5000) + "\"",
    ];

    /// <summary>Numbers as JSON text: extremes of double and of the integer types, denormals, and what JSON forbids.</summary>
    public static readonly string[] JsonNumbers =
    [
        "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "-1e308", "1.7976931348623157e308", "1e309", "-1e309", "1e400",
        "5e-324", "4.9e-324", "2.2250738585072014e-308", "1e-400", "-0", "0", "-1", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1.5", "0.1",
        "01", "+1", ".5", "1.", "1e", "0x10",
    ];

    /// <summary>The numbers every numeric field gets: not-a-number, the infinities, double's edges, a denormal, integer overflow.</summary>
    public static readonly string[] CoreNumbers =
        ["NaN", "Infinity", "-Infinity", "\"NaN\"", "1e308", "-1e308", "1e309", "5e-324", "-0", "2147483648", "9223372036854775808", "1.5"];

    /// <summary>The times every time field gets: the calendar's first and last instants, a leap second, ±14:00, empty.</summary>
    public static readonly string[] CoreTimes =
        ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00", "2016-12-31T23:59:60Z", ""];

    /// <summary>Values of the wrong JSON type for a field of <c>kind</c>.</summary>
    public static string[] WrongTypes(string kind) => kind switch
    {
        "string" => ["0", "true", "{}", "[]", "[\"a\"]", "{\"a\":1}", "1e308"],
        "integer" or "number" => ["\"1\"", "true", "{}", "[]", "[1]", "\"\""],
        "boolean" => ["\"true\"", "1", "0", "\"yes\"", "{}", "[]"],
        "array" => ["{}", "\"x\"", "1", "[null]", "[[]]", "[{}]", "true"],
        "object" => ["[]", "\"x\"", "1", "true"],
        _ => ["0", "\"x\"", "[]", "{}", "true"],
    };

    /// <summary>Times at and past the edges of the calendar DateTimeOffset holds, leap seconds, offsets, and what is no time at all.</summary>
    public static readonly string[] Times =
    [
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "0001-01-01", "0001-01-01T00:00:00.0000001Z",
        "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999", "9999-12-31T23:59:59+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31",
        "0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "2016-12-31T23:59:60Z", "1998-12-31T23:59:60.5Z", "2024-02-30T00:00:00Z",
        "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+14:00", "2024-01-01T00:00:00-14:00", "2024-01-01T00:00:00+14:01", "2024-01-01T00:00:00+99:00",
        "1970-01-01T00:00:00Z", "", " ", "now", "-1", "99999999999999999999", "2024-01-01T00:00:00.123456789012Z", "\u0000",
    ];

    /// <summary>Ids for route segments and id fields: invalid by the id rule, valid but unknown, traversal and encoding tricks.</summary>
    public static readonly string[] Ids =
    [
        "..", ".", "../../etc/passwd", "..%2f..%2f", "%2e%2e", "a/b", "a\\b", "%00", "\u0000", "a\u0000b", "\ud800", "a\udc00b",
        "café", "Ｉｄ", "\u202eid", "👩‍👩‍👧‍👦", "admin", "ADMIN", "-a", "a b", "a:b", "a;b", "a?b", "a#b", "a%b", "a+b",
        new string('a', 64), new string('a', 65), new string('a', 5000), "<script>", "' OR 1=1 --", "\t", " ",
    ];

    /// <summary>Query values for any parameter; each is sent escaped.</summary>
    public static readonly string[] QueryValues =
    [
        "", " ", "\u0000", "\ud800", "a\udc00b", "café", "\u202e", "../../etc/passwd", "%", "%%", "%zz", "+", "&", "=", "#",
        "-1", "0", "2147483648", "9223372036854775808", "1e308", "NaN", "Infinity", "true", "null", "[]", "{}",
        "minute", "MINUTE", " minute", "minute,hour", new string('q', 5000), "<script>alert(1)</script>", "' OR 1=1 --",
    ];

    /// <summary>Header values for headers that carry ids, tags or tokens (ASCII: a client refuses anything else).</summary>
    public static readonly string[] HeaderValues =
    [
        "", " ", "*", "\"\"", "W/\"x\"", "\"a\", \"b\"", "-1", "0", "1", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "1e3", "0x10", "1,2", "abc", "'; DROP TABLE x; --", new string('9', 300), new string('a', 4000),
    ];
}
