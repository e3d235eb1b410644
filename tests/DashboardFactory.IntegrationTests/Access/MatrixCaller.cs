namespace DashboardFactory.IntegrationTests.Access;

/// <summary>Who calls, in the column order of the authorization matrix.</summary>
public enum MatrixCaller
{
    Anonymous,

    /// <summary>The operator who owns the fixture's cockpits.</summary>
    Owner,

    /// <summary>An operator who owns nothing of the fixture.</summary>
    OtherOperator,

    /// <summary>An optimizer, the author of the fixture's draft feature.</summary>
    Optimizer,

    Admin,
}
