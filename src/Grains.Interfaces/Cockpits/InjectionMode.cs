namespace DashboardFactory.Cockpits;

public enum InjectionMode
{
    Append = 0,
    Smart = 1,
    Quadrant = 2,
}
