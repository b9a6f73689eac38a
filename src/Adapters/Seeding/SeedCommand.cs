using System.CommandLine;
using System.Diagnostics;
using Npgsql;

namespace Interop.Seeding;

/// <summary>The seed command: <c>dotnet run --project src/Adapters/Seeding -- [options]</c>.</summary>
public static class SeedCommand
{
    public static async Task<int> Main(string[] args)
    {
        var server = new Option<string>("--server")
        {
            Description = "Npgsql connection string of the PostgreSQL server (a role allowed to create databases).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("INTEROP_SEED_SERVER")
                ?? "Host=127.0.0.1;Port=5432;Username=interop;Password=interop;Database=postgres",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic data: same seed, same data.", DefaultValueFactory = _ => SeedOptions.National.Seed };
        var employers = new Option<int>("--employers") { Description = "Number of employers.", DefaultValueFactory = _ => SeedOptions.National.Employers };
        var workers = new Option<int>("--workers") { Description = "Number of insured workers.", DefaultValueFactory = _ => SeedOptions.National.InsuredWorkers };
        var permits = new Option<int>("--permits") { Description = "Number of work permits.", DefaultValueFactory = _ => SeedOptions.National.Permits };
        var months = new Option<int>("--months") { Description = "Months of declarations and payments per employer.", DefaultValueFactory = _ => SeedOptions.National.Months };
        var referenceDate = new Option<DateOnly?>("--reference-date") { Description = "The synthetic world's 'today' (first of a month); default: first of the current month (UTC)." };
        var prefix = new Option<string>("--database-prefix") { Description = "Databases are <prefix>_cr, <prefix>_ssf, <prefix>_mol and the hub's <prefix>_hub.", DefaultValueFactory = _ => "interop" };

        var root = new RootCommand("Generates the three agencies' synthetic registries and bulk-loads them into their own PostgreSQL databases (dropped and recreated).")
        {
            server, seed, employers, workers, permits, months, referenceDate, prefix,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SeedOptions
            {
                Seed = parse.GetValue(seed),
                Employers = parse.GetValue(employers),
                InsuredWorkers = parse.GetValue(workers),
                Permits = parse.GetValue(permits),
                Months = parse.GetValue(months),
                ReferenceDate = parse.GetValue(referenceDate) ?? SeedOptions.FirstOfMonth(DateTime.UtcNow),
            };
            Population population;
            try
            {
                population = new Population(options);
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"interop-seed: {ex.Message}");
                return 2;
            }

            var serverConnection = parse.GetValue(server)!;
            var databasePrefix = parse.GetValue(prefix)!;
            Console.WriteLine($"Seeding {options.Employers:N0} employers, {options.InsuredWorkers:N0} insured workers, {options.Permits:N0} permits, "
                + $"{options.Months} months (seed {options.Seed}, reference date {options.ReferenceDate:yyyy-MM-dd}).");
            var clock = Stopwatch.StartNew();
            try
            {
                var connectionStrings = await SeedDatabases.CreateAsync(serverConnection, databasePrefix, cancellationToken);
                await using var cr = NpgsqlDataSource.Create(connectionStrings.CommercialRegistry);
                await using var ssf = NpgsqlDataSource.Create(connectionStrings.SocialSecurityFund);
                await using var mol = NpgsqlDataSource.Create(connectionStrings.MinistryOfLabour);
                foreach (var timing in await AgencySeeder.SeedAsync(population, new AgencyDataSources(cr, ssf, mol), cancellationToken))
                {
                    Console.WriteLine($"  {timing.Agency,-4} schema {timing.Schema.TotalSeconds,6:0.0} s, load {timing.Load.TotalSeconds,6:0.0} s, indexes {timing.Indexes.TotalSeconds,6:0.0} s");
                }

                Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s. Make the log's and the fund's signing keys once:");
                Console.WriteLine("  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out checkpoint-key.pem");
                Console.WriteLine("  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out ssf-key.pem");
                Console.WriteLine("and run the hub against these databases with:");
                Console.WriteLine($"  Agencies__CommercialRegistry__ConnectionString=\"{connectionStrings.CommercialRegistry}\" \\");
                Console.WriteLine($"  Agencies__SocialSecurityFund__ConnectionString=\"{connectionStrings.SocialSecurityFund}\" \\");
                Console.WriteLine($"  Agencies__MinistryOfLabour__ConnectionString=\"{connectionStrings.MinistryOfLabour}\" \\");
                Console.WriteLine($"  ExchangeLog__ConnectionString=\"{connectionStrings.Hub}\" \\");
                Console.WriteLine("  ExchangeLog__SigningKeyPath=\"$PWD/checkpoint-key.pem\" \\");
                Console.WriteLine("  Certificates__Keys__0__KeyId=ssf-1 Certificates__Keys__0__PemPath=\"$PWD/ssf-key.pem\" Certificates__Keys__0__Status=Active \\");
                Console.WriteLine("  Cache__Redis=127.0.0.1:6379 \\");
                Console.WriteLine("  dotnet run --project src/Hub");
                return 0;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"interop-seed: {ex.Message}");
                return 2;
            }
            catch (NpgsqlException ex)
            {
                Console.Error.WriteLine($"interop-seed: PostgreSQL failed: {ex.Message}. Is it running (scripts/services.sh)?");
                return 1;
            }
        });

        return await root.Parse(args).InvokeAsync();
    }
}
