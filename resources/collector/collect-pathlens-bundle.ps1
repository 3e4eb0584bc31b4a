#Requires -Version 5.1
<#
.SYNOPSIS
    Collects a PathLens support bundle on a DataCore SANsymphony server.

.DESCRIPTION
    Reads, and never changes, what PathLens needs to show this server's ports,
    adapters, MPIO disks, paths and per-path counters offline:

      manifest.json                 host and time of the collection
      mpclaim\list.txt              mpclaim -s -d
      mpclaim\disk-<N>.txt          mpclaim -s -d <N>, one per MPIO disk
      mpclaim\hw.txt                mpclaim -e
      datacore\ports.json           REST GET 1.0/ports          (with -RestHost and -Credential)
      datacore\servers.json         REST GET 2.0/servers        (with -RestHost and -Credential)
      datacore\physicaldisks.json   REST GET 2.0/physicaldisks  (with -RestHost and -Credential)
      windows\adapters.json         SCSI and network adapters: PCI location, hardware ids, driver
      windows\mpio-paths.json       MPIO path id -> HBA PCI location (WMI MPIO_PATH_INFORMATION)
      windows\msdsm-perf-<t>.json   per-path counters (WMI MSDSM_DEVICE_PERF), -Samples times
      collector.log                 what was collected and what was skipped, and why

    The folder is then packed into a .zip next to it. Open either in PathLens
    with File > Open or `pathlens --bundle PATH`. The formats are described in
    docs/bundle.md of the PathLens sources.

    Run it in an elevated Windows PowerShell 5.1 (or later) on the DataCore
    server itself: mpclaim, the MPIO WMI classes and the driver store need
    administrator rights. A step that fails is noted in collector.log and the
    rest is still collected; PathLens lists the missing parts when it opens the
    bundle.

    Nothing here changes the system: no claim, no policy change, no driver
    change, no counter reset. (In particular `mpclaim -r`, which restarts the
    server without asking, is never run.)

.PARAMETER OutputDirectory
    Where the bundle folder and the .zip are written. Default: the current directory.

.PARAMETER RestHost
    Host name or address of the DataCore REST service, e.g. localhost. Without
    it (or without -Credential) the DataCore part is skipped and noted.

.PARAMETER ServerHost
    Value of the ServerHost header: the DataCore server whose group the REST
    service is asked about. Default: this computer's name.

.PARAMETER Credential
    A DataCore administrator account for the REST service.

.PARAMETER Base64Authorization
    Send "Authorization: Basic <base64(user:password)>" instead of the
    "Authorization: Basic <user> <password>" form DataCore's REST documentation
    shows. Use it when the REST service answers 401 to the default.

.PARAMETER SkipCertificateCheck
    Accept the REST service's certificate without validation (it is usually
    self-signed). Applies to this PowerShell session only.

.PARAMETER Samples
    How many MSDSM_DEVICE_PERF counter samples to take. Two or more let
    PathLens compute rates. Default: 2.

.PARAMETER IntervalSeconds
    Seconds between two counter samples. Default: 10.

.PARAMETER SkipDriverStore
    Do not look up the driver store's packages that match each adapter
    (Get-WindowsDriver; takes a while on servers with many packages).

.PARAMETER KeepFolder
    Keep the bundle folder after the .zip was written. By default the folder
    is removed once the .zip exists.

.EXAMPLE
    .\collect-pathlens-bundle.ps1

    MPIO, adapters and counters only; the DataCore part is skipped.

.EXAMPLE
    .\collect-pathlens-bundle.ps1 -RestHost localhost -Credential (Get-Credential) -SkipCertificateCheck -Samples 3 -IntervalSeconds 15

    Everything, with three counter samples 15 seconds apart.
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Get-Location).Path,
    [string] $RestHost,
    [string] $ServerHost = $env:COMPUTERNAME,
    [System.Management.Automation.PSCredential] $Credential,
    [switch] $Base64Authorization,
    [switch] $SkipCertificateCheck,
    [ValidateRange(1, 100)] [int] $Samples = 2,
    [ValidateRange(1, 3600)] [int] $IntervalSeconds = 10,
    [switch] $SkipDriverStore,
    [switch] $KeepFolder
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$CollectorVersion = '1.0'
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture
$Utf8NoBom = New-Object System.Text.UTF8Encoding($false)

# Some modules extend System.Array, which makes Windows PowerShell 5.1 write
# arrays as {"value": [...], "Count": n}. Dropping that extension affects this
# session only. (PathLens reads both forms.)
Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue

# ------------------------------------------------------------------ helpers

$script:LogLines = New-Object System.Collections.Generic.List[string]

function Write-Log([string] $Message) {
    $line = '{0}  {1}' -f [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss', $Invariant), $Message
    $script:LogLines.Add($line)
    Write-Host $line
}

function Get-UtcStamp {
    # ISO-8601 round-trip form with 'Z', independent of the user's culture.
    [DateTime]::UtcNow.ToString('o', $Invariant)
}

function Save-Text([string] $Path, [string[]] $Lines) {
    # UTF-8 without a byte order mark; Out-File -Encoding utf8 in 5.1 would add one.
    [System.IO.File]::WriteAllLines($Path, [string[]] $Lines, $Utf8NoBom)
}

function Save-Json([string] $Path, $Object) {
    # -InputObject keeps one-element arrays as arrays; -Depth covers nesting.
    $text = ConvertTo-Json -InputObject $Object -Depth 12
    [System.IO.File]::WriteAllText($Path, $text, $Utf8NoBom)
}

function Format-PathId($PathId) {
    # 16 hex digits, as mpclaim prints a path id.
    '{0:x16}' -f [UInt64] $PathId
}

function Invoke-Step([string] $Name, [scriptblock] $Action) {
    # One failing step must not cost the rest of the bundle.
    try {
        & $Action
    } catch {
        Write-Log ("{0}: skipped: {1}" -f $Name, $_.Exception.Message)
    }
}

# ------------------------------------------------------------ bundle folder

$isAdmin = ([Security.Principal.WindowsPrincipal] [Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
    [Security.Principal.WindowsBuiltInRole]::Administrator)

$hostName = $env:COMPUTERNAME
$fqdn = $null
try {
    $computer = Get-CimInstance -ClassName Win32_ComputerSystem
    if ($computer.PartOfDomain -and $computer.Domain) {
        $fqdn = '{0}.{1}' -f $computer.DNSHostName, $computer.Domain
    }
} catch {
    # The manifest then names the computer only.
}

$started = [DateTime]::UtcNow
$folderName = 'PathLens-bundle-{0}-{1}' -f $hostName, $started.ToString("yyyyMMdd'T'HHmmss'Z'", $Invariant)
$bundle = Join-Path $OutputDirectory $folderName
New-Item -ItemType Directory -Path $bundle -Force | Out-Null
foreach ($sub in 'mpclaim', 'datacore', 'windows') {
    New-Item -ItemType Directory -Path (Join-Path $bundle $sub) -Force | Out-Null
}

Write-Log ("PathLens bundle collector {0} on {1}, writing {2}" -f $CollectorVersion, $hostName, $bundle)
if (-not $isAdmin) {
    Write-Log 'not running as administrator: mpclaim, the MPIO WMI classes and the driver store will likely fail'
}

Save-Json (Join-Path $bundle 'manifest.json') ([ordered] @{
    format    = 'pathlens-bundle'
    version   = 1
    host      = $hostName
    fqdn      = $fqdn
    collected = $started.ToString('o', $Invariant)
    collector = "collect-pathlens-bundle.ps1 $CollectorVersion"
})

# ------------------------------------------------------------------ mpclaim

Invoke-Step 'mpclaim' {
    $mpclaim = Join-Path $env:SystemRoot 'System32\mpclaim.exe'
    if (-not (Test-Path $mpclaim)) {
        throw 'mpclaim.exe not found (is the Multipath I/O feature installed?)'
    }
    # Windows PowerShell 5.1 turns redirected stderr of a native program into
    # errors that 'Stop' would abort on; keep mpclaim's complaints as text.
    $ErrorActionPreference = 'Continue'
    # Display switches only: -s (show) and -e (enumerate).
    $list = @(& $mpclaim -s -d 2>&1 | ForEach-Object { "$_" })
    Save-Text (Join-Path $bundle 'mpclaim\list.txt') $list
    Write-Log ("mpclaim -s -d: {0} lines" -f $list.Count)

    foreach ($line in $list) {
        if ($line -match '^\s*MPIO Disk(\d+)\s') {
            $number = [int] $Matches[1]
            $detail = @(& $mpclaim -s -d $number 2>&1 | ForEach-Object { "$_" })
            Save-Text (Join-Path $bundle ("mpclaim\disk-{0}.txt" -f $number)) $detail
            Write-Log ("mpclaim -s -d {0}: {1} lines" -f $number, $detail.Count)
        }
    }

    $hardware = @(& $mpclaim -e 2>&1 | ForEach-Object { "$_" })
    Save-Text (Join-Path $bundle 'mpclaim\hw.txt') $hardware
    Write-Log ("mpclaim -e: {0} lines" -f $hardware.Count)
}

# ----------------------------------------------------------------- DataCore

if ($RestHost -and $Credential) {
    Invoke-Step 'DataCore REST' {
        [System.Net.ServicePointManager]::SecurityProtocol =
            [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
        if ($SkipCertificateCheck) {
            # Windows PowerShell 5.1 has no -SkipCertificateCheck; this session only.
            [System.Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }
        }
        $user = $Credential.UserName
        $password = $Credential.GetNetworkCredential().Password
        if ($Base64Authorization) {
            $token = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("${user}:${password}"))
            $authorization = "Basic $token"
        } else {
            $authorization = "Basic $user $password"
        }
        $headers = @{ ServerHost = $ServerHost; Authorization = $authorization }
        $base = "https://$RestHost/RestService/rest.svc"

        $requests = [ordered] @{
            'ports.json'         = '1.0/ports'
            'servers.json'       = '2.0/servers'
            'physicaldisks.json' = '2.0/physicaldisks'
        }
        foreach ($file in $requests.Keys) {
            $resource = $requests[$file]
            $target = Join-Path $bundle "datacore\$file"
            try {
                # -OutFile keeps the response exactly as the service sent it.
                Invoke-RestMethod -Method Get -Uri "$base/$resource" -Headers $headers -OutFile $target
                Write-Log ("GET {0}: {1} bytes" -f $resource, (Get-Item $target).Length)
            } catch {
                Remove-Item $target -ErrorAction SilentlyContinue
                Write-Log ("GET {0}: skipped: {1}" -f $resource, $_.Exception.Message)
            }
        }
    }
} else {
    Write-Log 'DataCore REST: skipped, -RestHost and -Credential were not both given'
}

# ----------------------------------------------------------------- adapters

$adapterLocations = @{}   # "bus:device.function" of every PCI adapter collected

Invoke-Step 'adapters' {
    $keys = @(
        'DEVPKEY_Device_BusNumber', 'DEVPKEY_Device_Address', 'DEVPKEY_Device_LocationInfo',
        'DEVPKEY_Device_HardwareIds', 'DEVPKEY_Device_CompatibleIds', 'DEVPKEY_Device_DriverDesc',
        'DEVPKEY_Device_DriverProvider', 'DEVPKEY_Device_DriverVersion', 'DEVPKEY_Device_DriverDate',
        'DEVPKEY_Device_DriverInfPath', 'DEVPKEY_Device_Service'
    )

    # Third-party driver packages by hardware id, to list what could replace a
    # device's driver. Matching by id is what Windows does first; the rank it
    # would give each candidate is not captured.
    $storeById = @{}
    if (-not $SkipDriverStore) {
        try {
            $packages = @(Get-WindowsDriver -Online | Where-Object { $_.ClassName -in @('SCSIAdapter', 'Net') })
            foreach ($package in $packages) {
                foreach ($entry in @(Get-WindowsDriver -Online -Driver $package.Driver)) {
                    if (-not $entry.HardwareId) { continue }
                    $id = $entry.HardwareId.ToUpperInvariant()
                    if (-not $storeById.ContainsKey($id)) {
                        $storeById[$id] = New-Object System.Collections.Generic.List[object]
                    }
                    $packageDate = [string] $package.Date
                    if ($package.Date -is [DateTime]) { $packageDate = $package.Date.ToString('yyyy-MM-dd', $Invariant) }
                    $storeById[$id].Add([ordered] @{
                        description = [string] $entry.HardwareDescription
                        provider    = [string] $package.ProviderName
                        version     = [string] $package.Version
                        date        = $packageDate
                        infName     = [string] $package.Driver
                        service     = ''
                    })
                }
            }
            Write-Log ("driver store: {0} SCSIAdapter/Net packages" -f $packages.Count)
        } catch {
            $storeById = $null
            Write-Log ("driver store: skipped: {0}" -f $_.Exception.Message)
        }
    } else {
        $storeById = $null
        Write-Log 'driver store: skipped (-SkipDriverStore)'
    }

    $devices = @(Get-PnpDevice -PresentOnly | Where-Object { $_.Class -in @('SCSIAdapter', 'Net') })
    $adapters = New-Object System.Collections.Generic.List[object]
    foreach ($device in $devices) {
        $property = @{}
        foreach ($p in @(Get-PnpDeviceProperty -InstanceId $device.InstanceId -KeyName $keys -ErrorAction SilentlyContinue)) {
            $property[$p.KeyName] = $p.Data
        }
        $get = { param($key) if ($property.ContainsKey($key)) { $property[$key] } else { $null } }

        # Only PCI devices have a PCI location; a root-enumerated adapter (the
        # Microsoft iSCSI Initiator, virtual NICs) gets null, never 0:0.0.
        $pci = $null
        $bus = & $get 'DEVPKEY_Device_BusNumber'
        $address = & $get 'DEVPKEY_Device_Address'
        if ($device.InstanceId -like 'PCI\*' -and $null -ne $bus -and $null -ne $address) {
            $pci = [ordered] @{
                bus      = [UInt32] $bus
                device   = [UInt32] ([UInt32] $address -shr 16)     # high word: device number
                function = [UInt32] ([UInt32] $address -band 0xFFFF) # low word: function number
            }
            $adapterLocations['{0}:{1}.{2}' -f $pci.bus, $pci.device, $pci.function] = $true
        }

        $hardwareIds = @(& $get 'DEVPKEY_Device_HardwareIds' | Where-Object { $_ })
        $description = [string] $device.Description
        if ($device.FriendlyName) { $description = [string] $device.FriendlyName }
        $driverDate = & $get 'DEVPKEY_Device_DriverDate'
        $driverDateText = ''
        if ($driverDate -is [DateTime]) { $driverDateText = $driverDate.ToString('yyyy-MM-dd', $Invariant) }
        $entry = [ordered] @{
            instanceId   = $device.InstanceId
            description  = $description
            class        = $device.Class
            pci          = $pci
            locationText = [string] (& $get 'DEVPKEY_Device_LocationInfo')
            hardwareIds  = $hardwareIds
            driver       = [ordered] @{
                description = [string] (& $get 'DEVPKEY_Device_DriverDesc')
                provider    = [string] (& $get 'DEVPKEY_Device_DriverProvider')
                version     = [string] (& $get 'DEVPKEY_Device_DriverVersion')
                date        = $driverDateText
                infName     = [string] (& $get 'DEVPKEY_Device_DriverInfPath')
                service     = [string] (& $get 'DEVPKEY_Device_Service')
            }
        }
        if ($null -ne $storeById) {
            $candidates = New-Object System.Collections.Generic.List[object]
            $seen = @{}
            $ids = @($hardwareIds) + @(& $get 'DEVPKEY_Device_CompatibleIds' | Where-Object { $_ })
            foreach ($id in $ids) {
                $key = ([string] $id).ToUpperInvariant()
                if (-not $storeById.ContainsKey($key)) { continue }
                foreach ($candidate in $storeById[$key]) {
                    $identity = '{0}|{1}' -f $candidate.infName, $candidate.version
                    if ($seen.ContainsKey($identity)) { continue }
                    $seen[$identity] = $true
                    $candidates.Add($candidate)
                }
            }
            $entry['compatibleDrivers'] = @($candidates.ToArray())
        }
        $adapters.Add($entry)
    }

    Save-Json (Join-Path $bundle 'windows\adapters.json') ([ordered] @{
        format   = 'pathlens-adapters'
        version  = 1
        host     = $hostName
        adapters = @($adapters.ToArray())
    })
    Write-Log ("adapters: {0} SCSIAdapter/Net devices" -f $adapters.Count)
}

# ------------------------------------------------------- MPIO path mapping

# InstanceName -> DeviceName ("\Device\MPIODisk2") of every MPIO disk.
$deviceNames = @{}

Invoke-Step 'MPIO paths' {
    $disks = New-Object System.Collections.Generic.List[object]
    foreach ($descriptor in @(Get-CimInstance -Namespace root\wmi -ClassName MPIO_GET_DESCRIPTOR)) {
        $deviceNames[$descriptor.InstanceName] = [string] $descriptor.DeviceName
        $disks.Add([ordered] @{
            deviceName   = [string] $descriptor.DeviceName
            instanceName = [string] $descriptor.InstanceName
        })
    }

    $paths = New-Object System.Collections.Generic.List[object]
    foreach ($info in @(Get-CimInstance -Namespace root\wmi -ClassName MPIO_PATH_INFORMATION)) {
        foreach ($path in @($info.PathList)) {
            if ($null -eq $path) { continue }
            $location = '{0}:{1}.{2}' -f $path.BusNumber, $path.DeviceNumber, $path.FunctionNumber
            # WMI reports a location for every path; it is a PCI location only
            # where an adapter collected above sits there (software initiators
            # report zeros).
            $pci = $null
            if ($adapterLocations.ContainsKey($location)) {
                $pci = [ordered] @{
                    bus      = [UInt32] $path.BusNumber
                    device   = [UInt32] $path.DeviceNumber
                    function = [UInt32] $path.FunctionNumber
                }
            }
            $paths.Add([ordered] @{
                pathId         = Format-PathId $path.PathId
                pathIdentifier = [UInt64] $path.PathId
                adapterName    = [string] $path.AdapterName
                pci            = $pci
                wmiLocation    = [ordered] @{
                    bus      = [UInt32] $path.BusNumber
                    device   = [UInt32] $path.DeviceNumber
                    function = [UInt32] $path.FunctionNumber
                }
            })
        }
    }

    Save-Json (Join-Path $bundle 'windows\mpio-paths.json') ([ordered] @{
        format  = 'pathlens-mpio-paths'
        version = 1
        host    = $hostName
        paths   = @($paths.ToArray())
        disks   = @($disks.ToArray())
    })
    Write-Log ("MPIO paths: {0} paths, {1} disks" -f $paths.Count, $disks.Count)
}

# ----------------------------------------------------------------- counters

Invoke-Step 'MSDSM counters' {
    for ($i = 1; $i -le $Samples; $i++) {
        $now = [DateTime]::UtcNow
        $devices = New-Object System.Collections.Generic.List[object]
        foreach ($perf in @(Get-CimInstance -Namespace root\wmi -ClassName MSDSM_DEVICE_PERF)) {
            $paths = New-Object System.Collections.Generic.List[object]
            foreach ($p in @($perf.PerfInfo)) {
                if ($null -eq $p) { continue }
                $paths.Add([ordered] @{
                    pathId       = Format-PathId $p.PathId
                    numberReads  = [UInt32] $p.NumberReads   # 32-bit in MSDSM, wraps
                    numberWrites = [UInt32] $p.NumberWrites
                    bytesRead    = [UInt64] $p.BytesRead
                    bytesWritten = [UInt64] $p.BytesWritten
                })
            }
            $deviceName = $null
            if ($deviceNames.ContainsKey($perf.InstanceName)) { $deviceName = $deviceNames[$perf.InstanceName] }
            $devices.Add([ordered] @{
                instanceName = [string] $perf.InstanceName
                deviceName   = $deviceName
                paths        = @($paths.ToArray())
            })
        }
        $stamp = $now.ToString("yyyyMMdd'T'HHmmss'Z'", $Invariant)
        Save-Json (Join-Path $bundle "windows\msdsm-perf-$stamp.json") ([ordered] @{
            format  = 'pathlens-msdsm-perf'
            version = 1
            taken   = $now.ToString('o', $Invariant)
            devices = @($devices.ToArray())
        })
        Write-Log ("MSDSM counters: sample {0} of {1}, {2} devices" -f $i, $Samples, $devices.Count)
        if ($i -lt $Samples) { Start-Sleep -Seconds $IntervalSeconds }
    }
}

# --------------------------------------------------------------------- pack

Write-Log 'done collecting'
Save-Text (Join-Path $bundle 'collector.log') $script:LogLines.ToArray()

$zip = "$bundle.zip"
try {
    # The zip holds the bundle folder itself; PathLens reads it either way.
    Compress-Archive -Path $bundle -DestinationPath $zip -Force
    if (-not $KeepFolder) {
        Remove-Item -Path $bundle -Recurse -Force
    }
    Write-Host "Bundle written to $zip"
} catch {
    Write-Host ("Could not write {0}: {1}. The bundle folder {2} is complete; zip it by hand or open the folder." -f $zip, $_.Exception.Message, $bundle)
}
