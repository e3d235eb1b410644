namespace DashboardFactory.Api.RealTime;

/// <summary>
/// The book's answer to a hub subscription: the outcome, and the feed whose lease must now follow its count (null
/// when nothing changed: refused, gone, or a feed the connection already had).
/// </summary>
public readonly record struct KpiSubscription(KpiSubscribeOutcome Outcome, KpiFeed? Changed);
