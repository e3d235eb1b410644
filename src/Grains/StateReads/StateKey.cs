using System.Text;
using Orleans.Storage;

namespace DashboardFactory.StateReads;

/// <summary>
/// A grain state's row key in OrleansStorage, made as the ADO.NET storage provider makes it (Orleans'
/// <c>AdoGrainKey</c> and <c>AdoNetGrainStorage</c>, which keep these internal): a Guid key is N0/N1 from its bytes,
/// an integer key is N1, anything else is the extension string; the id hash is the provider's hasher over the key's
/// bytes in reverse order, the type hash over the state name. Only a hash narrower than the full key is derived
/// here: every statement still compares the full key, so a wrong hash could only miss a row, never find another's.
/// </summary>
public readonly record struct StateKey(int IdHash, long N0, long N1, int TypeHash, string TypeString, string? Extension)
{
    public static StateKey For<T>(string stateName, GrainId grainId, IGrainState<T> grainState, IStorageHasherPicker hashes, string serviceId, string providerName)
    {
        var (n0, n1, extension, hashBytes) = Encode(grainId);
        var hasher = hashes.PickHasher(serviceId, providerName, stateName, grainId, grainState)
                     ?? throw new InvalidOperationException($"Storage provider {providerName} has no hasher for {stateName}.");
        return new StateKey(hasher.Hash(hashBytes), n0, n1, hasher.Hash(Encoding.UTF8.GetBytes(stateName)), stateName, extension);
    }

    /// <summary>N0, N1, the extension and the bytes the id hash is taken over, as the provider encodes them.</summary>
    public static (long N0, long N1, string? Extension, byte[] HashBytes) Encode(GrainId grainId)
    {
        long n0 = 0, n1 = 0;
        string? extension;
        byte[]? bytes = null;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            bytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(bytes, 0);
            n1 = BitConverter.ToInt64(bytes, 8);
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n1 = integer;
            bytes = BitConverter.GetBytes(integer);
        }
        else
        {
            extension = grainId.Key.ToString();
        }

        if (bytes is not null && extension is not null)
        {
            bytes = [.. bytes, .. Encoding.UTF8.GetBytes(extension)];
        }

        bytes ??= Encoding.UTF8.GetBytes(extension!);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return (n0, n1, extension, bytes);
    }
}
