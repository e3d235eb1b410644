using System.Text;
using System.Text.Encodings.Web;

namespace DashboardFactory.Api.Pages;

/// <summary>The HTML around a page the front end draws itself: title, its built assets, a body the script fills in.</summary>
public static class PageShell
{
    public static string Render(ClientAssets assets, string page, string title, string body, IReadOnlyDictionary<string, string>? bodyData = null)
    {
        var html = new StringBuilder(1024 + body.Length);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(assets.TagsFor(page)).Append('\n')
            .Append("<title>").Append(HtmlEncoder.Default.Encode(title)).Append("</title>\n</head>\n<body data-page=\"")
            .Append(HtmlEncoder.Default.Encode(page)).Append('"');
        foreach (var (name, value) in bodyData ?? new Dictionary<string, string>())
        {
            html.Append(" data-").Append(name).Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
        }

        return html.Append(">\n").Append(body).Append("\n</body>\n</html>\n").ToString();
    }
}
