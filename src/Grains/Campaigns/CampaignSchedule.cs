using System.IO.Hashing;
using System.Text;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Campaigns;

/// <summary>
/// A campaign's rules of motion as plain code, given its state and the time: which cockpits to send to next (a
/// bounded window of unanswered sends, retries ahead of new work, one wave at a time), when an unanswered send is
/// due again (exponential backoff) or given up, what a cockpit's answer settles, and when a finished wave halts
/// the campaign or completes it. It changes the targets and the wave in the state it was given, and holds the
/// in-memory bookkeeping (in flight, retry queue, send cursor) that the state can always rebuild. It sends,
/// saves and announces nothing: the grain does, from what this returns.
/// </summary>
public sealed class CampaignSchedule
{
    private readonly CampaignState _state;
    private readonly CampaignOptions _options;
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Queue<string> _retry = new();
    private int _nextToSend;

    /// <summary>Picks up where <paramref name="state"/> stands: sent targets are in flight, sending resumes at the first pending one.</summary>
    public CampaignSchedule(CampaignState state, CampaignOptions options)
    {
        _state = state;
        _options = options;
        foreach (var (cockpitId, target) in state.Targets)
        {
            if (target.Status == TargetStatus.Sent)
            {
                _inFlight.Add(cockpitId);
            }
        }

        _nextToSend = state.Order.FindIndex(id => state.Targets[id].Status == TargetStatus.Pending) is var i and >= 0 ? i : state.Order.Count;
    }

    /// <summary>
    /// The order a campaign sends in, which its waves are prefixes of: a stable spread, so that waves sample the whole
    /// fleet, not one index shard or one alphabetical corner of it.
    /// </summary>
    public static List<string> SendOrder(IEnumerable<string> targets) =>
        [.. targets.OrderBy(id => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id))).ThenBy(id => id, StringComparer.Ordinal)];

    /// <summary>Cockpits sent to and not answered yet.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>
    /// Sends unanswered for longer than their backoff: pending again and queued ahead of new work, or, after the last
    /// attempt, failed with the last reason heard. Returns each one with its new status.
    /// </summary>
    public IReadOnlyList<(string CockpitId, TargetStatus Status)> ExpireOverdue(DateTimeOffset now)
    {
        var expired = new List<(string, TargetStatus)>();
        foreach (var cockpitId in _inFlight.ToList())
        {
            var target = _state.Targets[cockpitId];
            if (target.SentAt + Backoff(target.Attempts) > now)
            {
                continue;
            }

            if (target.Attempts >= _options.MaxAttempts)
            {
                expired.Add((cockpitId, Settle(cockpitId, target, TargetStatus.Failed, target.Reason ?? $"No answer after {target.Attempts} attempts.", 0)));
            }
            else
            {
                target.Status = TargetStatus.Pending;
                _inFlight.Remove(cockpitId);
                _retry.Enqueue(cockpitId);
                expired.Add((cockpitId, TargetStatus.Pending));
            }
        }

        return expired;
    }

    /// <summary>The cockpits to send to now: retries first, then the current wave in order, as far as the window and the batch size allow.</summary>
    public IReadOnlyList<string> NextBatch()
    {
        var waveEnd = WaveEnd(_state.Wave);
        var batch = new List<string>(_options.BatchSize);
        while (_inFlight.Count + batch.Count < _options.Window && batch.Count < _options.BatchSize)
        {
            if (_retry.TryDequeue(out var retry))
            {
                batch.Add(retry);
                continue;
            }

            while (_nextToSend < waveEnd && _state.Targets[_state.Order[_nextToSend]].Status != TargetStatus.Pending)
            {
                _nextToSend++;
            }

            if (_nextToSend >= waveEnd)
            {
                break;
            }

            batch.Add(_state.Order[_nextToSend++]);
        }

        return batch;
    }

    /// <summary>The attempt number the next send to this cockpit carries.</summary>
    public int NextAttempt(string cockpitId) => _state.Targets[cockpitId].Attempts + 1;

    /// <summary>The message is on its way: the cockpit is in flight until it answers or its backoff runs out.</summary>
    public void Sent(string cockpitId, DateTimeOffset now)
    {
        var target = _state.Targets[cockpitId];
        if (target.IsFinal)
        {
            // Answered (late, to an earlier attempt) while it waited for this send.
            return;
        }

        target.Attempts++;
        target.Status = TargetStatus.Sent;
        target.SentAt = now;
        _inFlight.Add(cockpitId);
    }

    /// <summary>The stream refused the message: it goes again in a later batch.</summary>
    public void NotSent(string cockpitId) => _retry.Enqueue(cockpitId);

    /// <summary>
    /// A cockpit's answer, and the target's status after it: settled, or still sent after a failure with attempts left
    /// (due again after this attempt's backoff, like a timeout). Null when there is nothing to answer (an unknown
    /// cockpit, or a late or repeated answer for a settled one).
    /// </summary>
    public TargetStatus? Answer(string cockpitId, UpdateResult result, DateTimeOffset now)
    {
        if (!_state.Targets.TryGetValue(cockpitId, out var target) || target.IsFinal)
        {
            return null;
        }

        switch (result)
        {
            case { Outcome: UpdateOutcome.Applied }:
                return Settle(cockpitId, target, TargetStatus.Applied, null, result.Conflicts.Count);

            // Targets lacked this version when they were chosen, so having it means an earlier attempt installed it
            // and its answer (or the record of it) was lost in a crash.
            case { Code: UpdateCode.AlreadyInstalled }:
                return Settle(cockpitId, target, TargetStatus.Applied, null, 0);
            case { Outcome: UpdateOutcome.Skipped }:
                return Settle(cockpitId, target, TargetStatus.Skipped, result.Reason, 0);
            default:
                target.Reason = result.Reason;
                if (target.Attempts >= _options.MaxAttempts)
                {
                    return Settle(cockpitId, target, TargetStatus.Failed, result.Reason, 0);
                }

                target.SentAt = now - _options.AckTimeout + Backoff(target.Attempts) / 4;
                return target.Status;
        }
    }

    /// <summary>
    /// Moves past every wave whose targets are all settled. Says what the campaign comes to: still running, halted
    /// (a wave failed on more than <see cref="CampaignOptions.HaltFailureRate"/> of its cockpits and nobody resumed
    /// past it), or completed (the last wave settled).
    /// </summary>
    public WaveVerdict AdvanceWaves()
    {
        while (true)
        {
            var (start, end) = (_state.Wave == 0 ? 0 : WaveEnd(_state.Wave - 1), WaveEnd(_state.Wave));
            var wave = _state.Order.Skip(start).Take(end - start).Select(id => _state.Targets[id]).ToList();
            if (wave.Any(t => !t.IsFinal))
            {
                return WaveVerdict.Running;
            }

            var failed = wave.Count(t => t.Status == TargetStatus.Failed);
            if (wave.Count > 0 && (double)failed / wave.Count > _options.HaltFailureRate && _state.AcceptedWave != _state.Wave)
            {
                return WaveVerdict.Halt(
                    $"Wave {_state.Wave + 1} failed on {failed} of {wave.Count} cockpits (more than {_options.HaltFailureRate:P0}).");
            }

            if (end >= _state.Order.Count)
            {
                return WaveVerdict.Completed;
            }

            _state.Wave++;
        }
    }

    /// <summary>Where wave <paramref name="wave"/> ends in the send order: its cumulative share of the targets, at least one (of any).</summary>
    public int WaveEnd(int wave)
    {
        var waves = _options.EffectiveWaves;
        var total = _state.Order.Count;
        return wave >= waves.Count - 1 || total == 0 ? total : Math.Clamp((int)Math.Ceiling(total * waves[wave] / 100), 1, total);
    }

    /// <summary>How long attempt <paramref name="attempts"/> waits for an answer: the ack timeout, doubled per attempt, at most 16 times.</summary>
    public TimeSpan Backoff(int attempts) => _options.AckTimeout * Math.Pow(2, Math.Clamp(attempts - 1, 0, 4));

    private TargetStatus Settle(string cockpitId, CampaignTarget target, TargetStatus status, string? reason, int conflicts)
    {
        target.Status = status;
        target.Reason = reason;
        target.Conflicts = conflicts;
        _inFlight.Remove(cockpitId);
        return status;
    }
}
