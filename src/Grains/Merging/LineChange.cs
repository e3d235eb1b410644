namespace DashboardFactory.Merging;

/// <summary>
/// One hunk of a line diff: <see cref="Count1"/> lines at <see cref="Start1"/> of the first file were replaced by
/// <see cref="Count2"/> lines at <see cref="Start2"/> of the second (either count may be zero).
/// </summary>
internal readonly record struct LineChange(int Start1, int Start2, int Count1, int Count2);
