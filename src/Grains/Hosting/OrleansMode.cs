namespace DashboardFactory.Hosting;

public enum OrleansMode
{
    Embedded = 0,
    Client = 1,
}
