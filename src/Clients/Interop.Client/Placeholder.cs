namespace Interop.Client;

internal static class Placeholder;
