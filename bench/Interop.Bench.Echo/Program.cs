using Interop.Bench.Echo;

// The baseline the hub is measured against: the same HTTP/2 and gRPC stack answering a message of the
// same size as the hub's GetEmployer response, with nothing else in the way (no identity, no validation,
// no cache, no exchange log). Its twin in the benchmark is the same server spending a set extra CPU time a call.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGrpc();
builder.Services.AddSingleton(EchoEmployerRegistry.FromConfiguration(builder.Configuration));

var app = builder.Build();
app.MapGrpcService<EchoEmployerRegistry>();
app.Run();
