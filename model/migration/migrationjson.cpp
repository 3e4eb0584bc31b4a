#include "model/migration/migrationjson.h"

#include "model/jsonreport.h"

#include <QDateTime>

#include <algorithm>

namespace pathlens {

namespace {

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::string str(const QJsonValue &value)
{
    return value.toString().toStdString();
}

QJsonValue optionalString(const std::string &text)
{
    return text.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(qs(text));
}

QJsonArray stringArray(const std::vector<std::string> &texts)
{
    QJsonArray array;
    for (const std::string &text : texts)
        array.append(qs(text));
    return array;
}

std::vector<std::string> stringsFrom(const QJsonValue &value)
{
    std::vector<std::string> texts;
    for (const QJsonValue &item : value.toArray())
        texts.push_back(str(item));
    return texts;
}

std::optional<LoadBalancePolicy> policyFrom(const QJsonValue &value)
{
    const std::string text = str(value);
    for (int number = 0; number <= 7; ++number) {
        const auto policy = static_cast<LoadBalancePolicy>(number);
        if (toShortString(policy) == text)
            return policy;
    }
    return std::nullopt;
}

QJsonValue policyJson(LoadBalancePolicy policy)
{
    return policy == LoadBalancePolicy::Unknown ? QJsonValue(QJsonValue::Null) : QJsonValue(qs(toShortString(policy)));
}

Error shapeError(const QString &what)
{
    return Error{"migration journal", what.toStdString(), 0};
}

std::optional<std::uint32_t> uintFrom(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 0 || number > 4294967295.0 || number != double(qint64(number)))
        return std::nullopt;
    return static_cast<std::uint32_t>(number);
}

QJsonValue timeJson(const std::optional<std::chrono::system_clock::time_point> &time)
{
    return time ? QJsonValue(migrationTime(*time)) : QJsonValue(QJsonValue::Null);
}

QJsonObject refJson(const ObjectRef &ref)
{
    return QJsonObject{{QStringLiteral("kind"), qs(toString(ref.kind))},
                       {QStringLiteral("server"), qs(ref.serverKey)},
                       {QStringLiteral("port"), qs(ref.portKey)},
                       {QStringLiteral("disk"), qs(ref.diskKey)},
                       {QStringLiteral("path"), qs(ref.pathKey)}};
}

std::optional<ObjectRef> refFrom(const QJsonObject &json)
{
    ObjectRef ref;
    const QString kind = json.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("server"))
        ref.kind = ObjectRef::Kind::Server;
    else if (kind == QLatin1String("port"))
        ref.kind = ObjectRef::Kind::Port;
    else if (kind == QLatin1String("disk"))
        ref.kind = ObjectRef::Kind::Disk;
    else if (kind == QLatin1String("path"))
        ref.kind = ObjectRef::Kind::Path;
    else
        return std::nullopt;
    ref.serverKey = str(json.value(QStringLiteral("server")));
    ref.portKey = str(json.value(QStringLiteral("port")));
    ref.diskKey = str(json.value(QStringLiteral("disk")));
    ref.pathKey = str(json.value(QStringLiteral("path")));
    return ref;
}

} // namespace

QString migrationTime(std::chrono::system_clock::time_point time)
{
    const qint64 ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<std::chrono::system_clock::time_point> migrationTimeFromText(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(time.toMSecsSinceEpoch()));
}

QJsonValue toJson(const std::optional<PciLocation> &pci)
{
    if (!pci)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("bus"), qint64(pci->bus)},
                       {QStringLiteral("device"), qint64(pci->device)},
                       {QStringLiteral("function"), qint64(pci->function)}};
}

namespace {

std::optional<PciLocation> pciFrom(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    const auto bus = uintFrom(object.value(QStringLiteral("bus")));
    const auto device = uintFrom(object.value(QStringLiteral("device")));
    const auto function = uintFrom(object.value(QStringLiteral("function")));
    if (!bus || !device || !function)
        return std::nullopt;
    return PciLocation{*bus, *device, *function};
}

} // namespace

QJsonObject toJson(const DriverPackage &driver)
{
    return QJsonObject{{QStringLiteral("description"), qs(driver.description)},
                       {QStringLiteral("provider"), qs(driver.provider)},
                       {QStringLiteral("version"), qs(driver.version)},
                       {QStringLiteral("date"), qs(driver.date)},
                       {QStringLiteral("infName"), qs(driver.infName)},
                       {QStringLiteral("service"), qs(driver.service)}};
}

std::optional<DriverPackage> driverFromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return std::nullopt;
    const QJsonObject object = json.toObject();
    DriverPackage driver;
    driver.description = str(object.value(QStringLiteral("description")));
    driver.provider = str(object.value(QStringLiteral("provider")));
    driver.version = str(object.value(QStringLiteral("version")));
    driver.date = str(object.value(QStringLiteral("date")));
    driver.infName = str(object.value(QStringLiteral("infName")));
    driver.service = str(object.value(QStringLiteral("service")));
    if (driver.infName.empty() && driver.description.empty())
        return std::nullopt;
    return driver;
}

QJsonObject toJson(const Error &error)
{
    return QJsonObject{{QStringLiteral("operation"), qs(error.operation)},
                       {QStringLiteral("message"), qs(error.message)},
                       {QStringLiteral("code"), qint64(error.code)}};
}

std::optional<Error> errorFromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return std::nullopt;
    const QJsonObject object = json.toObject();
    return Error{str(object.value(QStringLiteral("operation"))), str(object.value(QStringLiteral("message"))),
                 static_cast<long>(object.value(QStringLiteral("code")).toInteger())};
}

QJsonObject toJson(const MigrationStep &step)
{
    QJsonObject json;
    json.insert(QStringLiteral("id"), qs(step.id));
    json.insert(QStringLiteral("kind"), qs(toString(step.kind)));
    json.insert(QStringLiteral("stage"), qs(toString(stageOf(step.kind))));
    json.insert(QStringLiteral("title"), qs(step.title));
    json.insert(QStringLiteral("status"), qs(toString(step.status)));
    json.insert(QStringLiteral("detail"), qs(step.detail));
    json.insert(QStringLiteral("manualAction"), qs(step.manualAction));
    json.insert(QStringLiteral("host"), qs(step.host));
    json.insert(QStringLiteral("rebootRequired"), step.rebootRequired);
    json.insert(QStringLiteral("instanceId"), optionalString(step.instanceId));
    json.insert(QStringLiteral("pci"), toJson(step.pci));
    json.insert(QStringLiteral("portId"), optionalString(step.portId));
    json.insert(QStringLiteral("portAlias"), optionalString(step.portAlias));
    json.insert(QStringLiteral("driverBefore"),
                step.driverBefore ? QJsonValue(toJson(*step.driverBefore)) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("driverAfter"),
                step.driverAfter ? QJsonValue(toJson(*step.driverAfter)) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("hardwareIds"), stringArray(step.hardwareIds));
    json.insert(QStringLiteral("serial"), optionalString(step.serial));
    json.insert(QStringLiteral("diskCaption"), optionalString(step.diskCaption));
    json.insert(QStringLiteral("policy"), policyJson(step.policy));
    json.insert(QStringLiteral("mpioDisk"), step.mpioDisk ? QJsonValue(qint64(*step.mpioDisk)) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("error"), step.error ? QJsonValue(toJson(*step.error)) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("started"), timeJson(step.started));
    json.insert(QStringLiteral("finished"), timeJson(step.finished));
    return json;
}

Result<MigrationStep> stepFromJson(const QJsonObject &json)
{
    MigrationStep step;
    step.id = str(json.value(QStringLiteral("id")));
    const auto kind = stepKindFromString(str(json.value(QStringLiteral("kind"))));
    const auto status = stepStatusFromString(str(json.value(QStringLiteral("status"))));
    if (step.id.empty() || !kind || !status)
        return shapeError(QStringLiteral("a step needs an id, a known kind and a known status"));
    step.kind = *kind;
    step.status = *status;
    step.title = str(json.value(QStringLiteral("title")));
    step.detail = str(json.value(QStringLiteral("detail")));
    step.manualAction = str(json.value(QStringLiteral("manualAction")));
    step.host = str(json.value(QStringLiteral("host")));
    step.rebootRequired = json.value(QStringLiteral("rebootRequired")).toBool();
    step.instanceId = str(json.value(QStringLiteral("instanceId")));
    step.pci = pciFrom(json.value(QStringLiteral("pci")));
    step.portId = str(json.value(QStringLiteral("portId")));
    step.portAlias = str(json.value(QStringLiteral("portAlias")));
    step.driverBefore = driverFromJson(json.value(QStringLiteral("driverBefore")));
    step.driverAfter = driverFromJson(json.value(QStringLiteral("driverAfter")));
    step.hardwareIds = stringsFrom(json.value(QStringLiteral("hardwareIds")));
    step.serial = str(json.value(QStringLiteral("serial")));
    step.diskCaption = str(json.value(QStringLiteral("diskCaption")));
    step.policy = policyFrom(json.value(QStringLiteral("policy"))).value_or(LoadBalancePolicy::Unknown);
    step.mpioDisk = uintFrom(json.value(QStringLiteral("mpioDisk")));
    step.error = errorFromJson(json.value(QStringLiteral("error")));
    step.started = migrationTimeFromText(json.value(QStringLiteral("started")).toString());
    step.finished = migrationTimeFromText(json.value(QStringLiteral("finished")).toString());
    if (step.kind == StepKind::InstallDriver && (step.instanceId.empty() || !step.driverBefore))
        return shapeError(QStringLiteral("install step %1 lacks its device or previous driver").arg(qs(step.id)));
    if (step.kind == StepKind::DeletePort && step.portId.empty())
        return shapeError(QStringLiteral("delete-port step %1 lacks its port").arg(qs(step.id)));
    if (step.kind == StepKind::SetPolicy && step.serial.empty())
        return shapeError(QStringLiteral("set-policy step %1 lacks its disk").arg(qs(step.id)));
    return step;
}

QJsonObject toJson(const PlannedDevice &device)
{
    QJsonArray candidates;
    for (const DriverPackage &driver : device.candidates)
        candidates.append(toJson(driver));
    return QJsonObject{
        {QStringLiteral("portId"), qs(device.portId)},
        {QStringLiteral("portAlias"), qs(device.portAlias)},
        {QStringLiteral("instanceId"), qs(device.instanceId)},
        {QStringLiteral("description"), qs(device.description)},
        {QStringLiteral("pci"), toJson(std::optional<PciLocation>(device.pci))},
        {QStringLiteral("pciHex"), qs(device.pci.toHexString())},
        {QStringLiteral("driverBefore"), toJson(device.driverBefore)},
        {QStringLiteral("nativeDriver"),
         device.nativeDriver ? QJsonValue(toJson(*device.nativeDriver)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("candidates"), candidates},
    };
}

namespace {

Result<PlannedDevice> deviceFromJson(const QJsonObject &json)
{
    PlannedDevice device;
    device.portId = str(json.value(QStringLiteral("portId")));
    device.portAlias = str(json.value(QStringLiteral("portAlias")));
    device.instanceId = str(json.value(QStringLiteral("instanceId")));
    device.description = str(json.value(QStringLiteral("description")));
    const auto pci = pciFrom(json.value(QStringLiteral("pci")));
    const auto before = driverFromJson(json.value(QStringLiteral("driverBefore")));
    if (device.instanceId.empty() || !pci || !before)
        return shapeError(QStringLiteral("a device needs its instance id, PCI location and driver"));
    device.pci = *pci;
    device.driverBefore = *before;
    device.nativeDriver = driverFromJson(json.value(QStringLiteral("nativeDriver")));
    for (const QJsonValue &candidate : json.value(QStringLiteral("candidates")).toArray()) {
        if (auto driver = driverFromJson(candidate))
            device.candidates.push_back(*driver);
    }
    return device;
}

PlannedLun lunFromJson(const QJsonObject &json)
{
    PlannedLun lun;
    lun.diskId = str(json.value(QStringLiteral("diskId")));
    lun.serial = str(json.value(QStringLiteral("serial")));
    lun.caption = str(json.value(QStringLiteral("caption")));
    lun.vendor = str(json.value(QStringLiteral("vendor")));
    lun.product = str(json.value(QStringLiteral("product")));
    lun.pool = str(json.value(QStringLiteral("pool")));
    lun.aluaCapable = json.value(QStringLiteral("aluaCapable")).toBool();
    lun.expectedPaths = uintFrom(json.value(QStringLiteral("expectedPaths"))).value_or(0);
    return lun;
}

} // namespace

QJsonObject toJson(const PlannedLun &lun)
{
    return QJsonObject{{QStringLiteral("diskId"), qs(lun.diskId)},
                       {QStringLiteral("serial"), qs(lun.serial)},
                       {QStringLiteral("caption"), qs(lun.caption)},
                       {QStringLiteral("vendor"), qs(lun.vendor)},
                       {QStringLiteral("product"), qs(lun.product)},
                       {QStringLiteral("pool"), optionalString(lun.pool)},
                       {QStringLiteral("aluaCapable"), lun.aluaCapable},
                       {QStringLiteral("expectedPaths"), qint64(lun.expectedPaths)}};
}

QJsonObject toJson(const MigrationPlan &plan)
{
    QJsonArray devices;
    for (const PlannedDevice &device : plan.devices)
        devices.append(toJson(device));
    QJsonArray luns;
    for (const PlannedLun &lun : plan.luns)
        luns.append(toJson(lun));
    QJsonArray steps;
    for (const MigrationStep &step : plan.steps)
        steps.append(toJson(step));
    return QJsonObject{{QStringLiteral("serverId"), qs(plan.serverId)},
                       {QStringLiteral("serverKey"), qs(plan.serverKey)},
                       {QStringLiteral("serverName"), qs(plan.serverName)},
                       {QStringLiteral("host"), qs(plan.host)},
                       {QStringLiteral("policy"), policyJson(plan.policy)},
                       {QStringLiteral("hardwareIds"), stringArray(plan.hardwareIds)},
                       {QStringLiteral("devices"), devices},
                       {QStringLiteral("luns"), luns},
                       {QStringLiteral("steps"), steps}};
}

Result<MigrationPlan> planFromJson(const QJsonObject &json)
{
    MigrationPlan plan;
    plan.serverId = str(json.value(QStringLiteral("serverId")));
    plan.serverKey = str(json.value(QStringLiteral("serverKey")));
    plan.serverName = str(json.value(QStringLiteral("serverName")));
    plan.host = str(json.value(QStringLiteral("host")));
    const auto policy = policyFrom(json.value(QStringLiteral("policy")));
    if (plan.serverName.empty() || plan.host.empty() || !policy)
        return shapeError(QStringLiteral("the plan needs its server, host and policy"));
    plan.policy = *policy;
    plan.hardwareIds = stringsFrom(json.value(QStringLiteral("hardwareIds")));
    for (const QJsonValue &value : json.value(QStringLiteral("devices")).toArray()) {
        Result<PlannedDevice> device = deviceFromJson(value.toObject());
        if (!device)
            return device.error();
        plan.devices.push_back(std::move(device).value());
    }
    for (const QJsonValue &value : json.value(QStringLiteral("luns")).toArray())
        plan.luns.push_back(lunFromJson(value.toObject()));
    const QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
    if (steps.isEmpty())
        return shapeError(QStringLiteral("the plan has no steps"));
    for (const QJsonValue &value : steps) {
        Result<MigrationStep> step = stepFromJson(value.toObject());
        if (!step)
            return step.error();
        if (std::any_of(plan.steps.begin(), plan.steps.end(),
                        [&](const MigrationStep &other) { return other.id == step->id; }))
            return shapeError(QStringLiteral("step %1 is listed twice").arg(qs(step->id)));
        plan.steps.push_back(std::move(step).value());
    }
    return plan;
}

QJsonObject toJson(const PreflightItem &item)
{
    return QJsonObject{{QStringLiteral("id"), qs(item.id)},
                       {QStringLiteral("title"), qs(item.title)},
                       {QStringLiteral("status"), qs(toString(item.status))},
                       {QStringLiteral("detail"), qs(item.detail)},
                       {QStringLiteral("needsAcknowledgement"), item.needsAcknowledgement},
                       {QStringLiteral("acknowledged"), item.acknowledged}};
}

Result<PreflightItem> preflightItemFromJson(const QJsonObject &json)
{
    PreflightItem item;
    item.id = str(json.value(QStringLiteral("id")));
    const auto status = preflightStatusFromString(str(json.value(QStringLiteral("status"))));
    if (item.id.empty() || !status)
        return shapeError(QStringLiteral("a preflight item needs an id and a known status"));
    item.status = *status;
    item.title = str(json.value(QStringLiteral("title")));
    item.detail = str(json.value(QStringLiteral("detail")));
    item.needsAcknowledgement = json.value(QStringLiteral("needsAcknowledgement")).toBool();
    item.acknowledged = json.value(QStringLiteral("acknowledged")).toBool();
    return item;
}

QJsonObject toJson(const HealthSummary &health)
{
    QJsonArray findings;
    for (const Finding &finding : health.findings)
        findings.append(findingJson(finding));
    return QJsonObject{{QStringLiteral("ioMeasured"), health.ioMeasured},
                       {QStringLiteral("note"), qs(health.note)},
                       {QStringLiteral("findings"), findings}};
}

QJsonObject toJournalJson(const HealthSummary &health)
{
    QJsonObject json = toJson(health);
    QJsonArray findings;
    for (const Finding &finding : health.findings) {
        QJsonObject object = findingJson(finding);
        object.insert(QStringLiteral("ref"), refJson(finding.object));
        findings.append(object);
    }
    json.insert(QStringLiteral("findings"), findings);
    return json;
}

Result<HealthSummary> healthFromJson(const QJsonObject &json)
{
    HealthSummary health;
    health.ioMeasured = json.value(QStringLiteral("ioMeasured")).toBool();
    health.note = str(json.value(QStringLiteral("note")));
    for (const QJsonValue &value : json.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject object = value.toObject();
        Finding finding;
        finding.rule = str(object.value(QStringLiteral("rule")));
        const auto severity = severityFromString(str(object.value(QStringLiteral("severity"))));
        const auto ref = refFrom(object.value(QStringLiteral("ref")).toObject());
        if (finding.rule.empty() || !severity || !ref)
            return shapeError(QStringLiteral("a finding needs its rule, severity and object"));
        finding.severity = *severity;
        finding.object = *ref;
        finding.objectName = str(object.value(QStringLiteral("objectName")));
        finding.message = str(object.value(QStringLiteral("message")));
        finding.recommendation = str(object.value(QStringLiteral("recommendation")));
        finding.rows = {finding.object};
        health.findings.push_back(std::move(finding));
    }
    return health;
}

QJsonObject toJson(const DeviceState &device)
{
    return QJsonObject{
        {QStringLiteral("instanceId"), qs(device.instanceId)},
        {QStringLiteral("description"), qs(device.description)},
        {QStringLiteral("pci"), toJson(std::optional<PciLocation>(device.pci))},
        {QStringLiteral("port"), qs(device.portAlias)},
        {QStringLiteral("driverBefore"), toJson(device.driverBefore)},
        {QStringLiteral("driverNow"), device.driverNow ? QJsonValue(toJson(*device.driverNow)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("state"), qs(toString(device.state))},
        {QStringLiteral("text"), qs(device.text)},
    };
}

Result<DeviceState> deviceStateFromJson(const QJsonObject &json)
{
    DeviceState device;
    device.instanceId = str(json.value(QStringLiteral("instanceId")));
    device.description = str(json.value(QStringLiteral("description")));
    const auto pci = pciFrom(json.value(QStringLiteral("pci")));
    const auto before = driverFromJson(json.value(QStringLiteral("driverBefore")));
    if (device.instanceId.empty() || !pci || !before)
        return shapeError(QStringLiteral("a device state needs its instance id, PCI location and driver"));
    device.pci = *pci;
    device.driverBefore = *before;
    device.portAlias = str(json.value(QStringLiteral("port")));
    device.driverNow = driverFromJson(json.value(QStringLiteral("driverNow")));
    device.text = str(json.value(QStringLiteral("text")));
    device.state = DeviceState::State::Unknown;
    const std::string state = str(json.value(QStringLiteral("state")));
    for (auto candidate : {DeviceState::State::Unchanged, DeviceState::State::Replaced, DeviceState::State::RolledBack,
                           DeviceState::State::Other, DeviceState::State::Vanished}) {
        if (toString(candidate) == state)
            device.state = candidate;
    }
    return device;
}

QJsonObject toJson(const LunOutcome &lun)
{
    QJsonObject json{{QStringLiteral("serial"), qs(lun.serial)},
                     {QStringLiteral("caption"), qs(lun.caption)},
                     {QStringLiteral("mpioDisk"), lun.mpioDisk ? QJsonValue(qint64(*lun.mpioDisk)) : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("dsm"), optionalString(lun.dsm)},
                     {QStringLiteral("policy"), policyJson(lun.policy)},
                     {QStringLiteral("expectedPaths"), qint64(lun.expectedPaths)},
                     {QStringLiteral("paths"), qint64(lun.paths)},
                     {QStringLiteral("usablePaths"), qint64(lun.usablePaths)},
                     {QStringLiteral("optimizedPaths"), qint64(lun.optimizedPaths)},
                     {QStringLiteral("ioMeasured"), lun.ioMeasured},
                     {QStringLiteral("problems"), stringArray(lun.problems)}};
    if (lun.ioMeasured) {
        json.insert(QStringLiteral("readsPerSecondOnNonOptimized"), lun.readsPerSecondOnNonOptimized);
        json.insert(QStringLiteral("writesPerSecondOnNonOptimized"), lun.writesPerSecondOnNonOptimized);
    } else {
        json.insert(QStringLiteral("readsPerSecondOnNonOptimized"), QJsonValue::Null);
        json.insert(QStringLiteral("writesPerSecondOnNonOptimized"), QJsonValue::Null);
    }
    return json;
}

Result<LunOutcome> lunOutcomeFromJson(const QJsonObject &json)
{
    LunOutcome lun;
    lun.serial = str(json.value(QStringLiteral("serial")));
    if (lun.serial.empty())
        return shapeError(QStringLiteral("a disk outcome needs its serial"));
    lun.caption = str(json.value(QStringLiteral("caption")));
    lun.mpioDisk = uintFrom(json.value(QStringLiteral("mpioDisk")));
    lun.dsm = str(json.value(QStringLiteral("dsm")));
    lun.policy = policyFrom(json.value(QStringLiteral("policy"))).value_or(LoadBalancePolicy::Unknown);
    lun.expectedPaths = uintFrom(json.value(QStringLiteral("expectedPaths"))).value_or(0);
    lun.paths = uintFrom(json.value(QStringLiteral("paths"))).value_or(0);
    lun.usablePaths = uintFrom(json.value(QStringLiteral("usablePaths"))).value_or(0);
    lun.optimizedPaths = uintFrom(json.value(QStringLiteral("optimizedPaths"))).value_or(0);
    lun.ioMeasured = json.value(QStringLiteral("ioMeasured")).toBool();
    lun.readsPerSecondOnNonOptimized = json.value(QStringLiteral("readsPerSecondOnNonOptimized")).toDouble();
    lun.writesPerSecondOnNonOptimized = json.value(QStringLiteral("writesPerSecondOnNonOptimized")).toDouble();
    lun.problems = stringsFrom(json.value(QStringLiteral("problems")));
    return lun;
}

QJsonObject toJson(const BackEndPortChoice &port)
{
    QJsonArray roles;
    if (port.port.roles & RoleFrontEnd)
        roles.append(QStringLiteral("FE"));
    if (port.port.roles & RoleMirror)
        roles.append(QStringLiteral("MR"));
    if (port.port.roles & RoleBackEnd)
        roles.append(QStringLiteral("BE"));
    QJsonArray disks;
    for (const DiskBehindPort &disk : port.disks) {
        disks.append(QJsonObject{{QStringLiteral("id"), qs(disk.id)},
                                 {QStringLiteral("caption"), qs(disk.caption)},
                                 {QStringLiteral("serial"), qs(disk.serial)},
                                 {QStringLiteral("pool"), optionalString(disk.pool)},
                                 {QStringLiteral("alua"), disk.aluaCapable},
                                 {QStringLiteral("paths"), qint64(disk.paths)},
                                 {QStringLiteral("inUse"), disk.inUse}});
    }
    QJsonObject json{{QStringLiteral("id"), qs(port.port.id)},
                     {QStringLiteral("alias"), qs(port.port.alias)},
                     {QStringLiteral("roles"), roles},
                     {QStringLiteral("type"), qs(toString(port.port.type))},
                     {QStringLiteral("present"), port.port.presence == Presence::Present},
                     {QStringLiteral("pci"), toJson(port.port.pci)},
                     {QStringLiteral("pciHex"), port.port.pci ? QJsonValue(qs(port.port.pci->toHexString()))
                                                               : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("dataCoreDriver"), optionalString(port.port.driverName)},
                     {QStringLiteral("match"), qs(toString(port.match))},
                     {QStringLiteral("selectable"), port.selectable()},
                     {QStringLiteral("reason"), optionalString(port.reason)},
                     {QStringLiteral("disks"), disks}};
    if (port.device) {
        json.insert(QStringLiteral("device"),
                    QJsonObject{{QStringLiteral("instanceId"), qs(port.device->instanceId)},
                                {QStringLiteral("description"), qs(port.device->description)},
                                {QStringLiteral("driver"), toJson(port.device->driver)}});
    } else {
        json.insert(QStringLiteral("device"), QJsonValue::Null);
    }
    return json;
}

QJsonObject runSummaryJson(const MigrationRun &run)
{
    QJsonObject json;
    json.insert(QStringLiteral("run"), qs(run.id));
    json.insert(QStringLiteral("state"), qs(toString(run.state)));
    json.insert(QStringLiteral("stateDetail"), qs(run.stateDetail));
    json.insert(QStringLiteral("server"), QJsonObject{{QStringLiteral("id"), qs(run.plan.serverId)},
                                                      {QStringLiteral("name"), qs(run.plan.serverName)},
                                                      {QStringLiteral("hostName"), qs(run.plan.host)}});
    json.insert(QStringLiteral("policy"), policyJson(run.plan.policy));
    json.insert(QStringLiteral("journal"), optionalString(run.journalPath));
    json.insert(QStringLiteral("restartRecommended"), run.restartRecommended());

    QJsonArray preflight;
    for (const PreflightItem &item : run.preflight)
        preflight.append(toJson(item));
    json.insert(QStringLiteral("preflight"), preflight);

    QJsonArray steps;
    for (const MigrationStep &step : run.plan.steps)
        steps.append(toJson(step));
    json.insert(QStringLiteral("steps"), steps);

    QJsonArray planned;
    for (const PlannedDevice &device : run.plan.devices)
        planned.append(toJson(device));
    json.insert(QStringLiteral("plannedDevices"), planned);

    QJsonArray devices;
    for (const DeviceState &device : run.devices)
        devices.append(toJson(device));
    json.insert(QStringLiteral("devices"), devices);

    QJsonArray luns;
    for (const LunOutcome &lun : run.luns)
        luns.append(toJson(lun));
    json.insert(QStringLiteral("backEndDisks"), luns);

    json.insert(QStringLiteral("before"), toJson(run.before));
    json.insert(QStringLiteral("after"), run.after ? QJsonValue(toJson(*run.after)) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("supportConsequences"), stringArray(supportConsequences()));
    json.insert(QStringLiteral("journalProblems"), stringArray(run.journalProblems));
    return json;
}

} // namespace pathlens
