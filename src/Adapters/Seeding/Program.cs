Console.Error.WriteLine("interop-seed: not implemented yet");
return 1;
